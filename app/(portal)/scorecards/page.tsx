import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/app/_lib/page-auth";
import { getDb } from "@/lib/server/database";
import { levelCounts, listScorecards, requireScorecard } from "@/lib/scorecards/queries";
import { loadAllScorecards } from "@/lib/scorecards/catalog-scorecards";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { linkClass } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { LevelBadge } from "@/components/scorecards/level-badge";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Scorecards" };

export default async function ScorecardsPage() {
  await requireActor();
  const db = await getDb();
  const loaded = await loadAllScorecards(db);
  const { items, broken } = listScorecards(loaded);
  const counts = await Promise.all(items.map((s) => levelCounts(db, requireScorecard(s.name, loaded))));
  return (
    <article>
      <PageHeader
        title="Scorecards"
        description="Rules with levels, checked against every service from the data Portolan already holds. Scorecards are YAML files in PORTOLAN_SCORECARDS_DIR and Scorecard entities an admin imported into the catalog (docs/scorecards.md)."
      />
      <div className="space-y-4">
        {broken.map((b) => (
          <Alert key={`${b.file}:${b.name}`} tone="error">
            Scorecard {b.name ?? "(unnamed)"} in {b.file} is broken and not applied:{" "}
            {b.problems.map((p) => `${p.field || "(document)"}: ${p.message}`).join("; ")}
          </Alert>
        ))}
        {items.length === 0 && <p className="text-sm text-slate-500">No scorecards are defined.</p>}
        {items.map((s, i) => (
          <Card key={s.name} title={s.title} id={`scorecard-${s.name}`}>
            {s.description && <p className="mb-2 text-sm text-slate-600 dark:text-slate-400">{s.description}</p>}
            <p className="mb-2 flex flex-wrap gap-3 text-sm">
              {counts[i].map((c) => (
                <span key={c.level ?? "none"} className="inline-flex items-center gap-1">
                  <LevelBadge level={c.level} levels={s.levels} /> {c.count}
                </span>
              ))}
            </p>
            <Link href={`/scorecards/${s.name}`} className={linkClass}>
              {s.rules.length} rules — services × rules
            </Link>
          </Card>
        ))}
      </div>
    </article>
  );
}
