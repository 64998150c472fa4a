import Link from "next/link";
import type { EntityScorecard } from "@/lib/scorecards/responses";
import { Card } from "@/components/ui/card";
import { linkClass } from "@/components/ui/button";
import { LevelBadge, StatusMark } from "./level-badge";

/** A service's scorecards: level, score, and every rule it does not pass with how to fix it. */
export function EntityScorecards({ scorecards }: { scorecards: EntityScorecard[] }) {
  if (!scorecards.length) return null;
  return (
    <Card title="Scorecards" id="scorecards">
      <div className="space-y-4">
        {scorecards.map((s) => {
          const open = s.rules.filter((r) => r.status !== "passed");
          return (
            <section key={s.name} aria-labelledby={`scorecard-${s.name}`} data-testid={`scorecard-${s.name}`}>
              <h3 id={`scorecard-${s.name}`} className="mb-2 flex flex-wrap items-center gap-2 text-sm font-medium">
                <Link href={`/scorecards/${s.name}`} className={linkClass}>
                  {s.title}
                </Link>
                <LevelBadge level={s.level} levels={s.levels} />
                <span className="text-xs text-slate-500 dark:text-slate-400">
                  {Math.round(s.score * 100)}% of {s.rules.length} rules passed
                </span>
              </h3>
              {open.length === 0 ? (
                <p className="text-sm text-slate-500 dark:text-slate-400">Every rule passes.</p>
              ) : (
                <ul className="space-y-2">
                  {open.map((r) => (
                    <li key={r.id} className="flex gap-2 text-sm">
                      <StatusMark status={r.status} />
                      <div className="min-w-0">
                        <p>
                          <span className="font-medium">{r.title}</span>{" "}
                          <span className="text-xs text-slate-500 dark:text-slate-400">({r.level})</span>
                        </p>
                        <p className="text-xs text-slate-600 dark:text-slate-400">{r.message}</p>
                        {r.how && <p className="text-xs">How: {r.how}</p>}
                      </div>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          );
        })}
      </div>
    </Card>
  );
}
