import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/app/_lib/page-auth";
import { pageData } from "@/app/_lib/page-errors";
import { getDb } from "@/lib/server/database";
import { loadAllScorecards } from "@/lib/scorecards/catalog-scorecards";
import {
  levelCounts,
  requireScorecard,
  scorecardResults,
  scorecardResultsQuery,
  summarize,
} from "@/lib/scorecards/queries";
import { scorecardFacets } from "@/lib/scorecards/scorecard-facets";
import { buttonClass, linkClass } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { LevelBadge } from "@/components/scorecards/level-badge";
import { ScorecardHeatmap } from "@/components/scorecards/scorecard-heatmap";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ name: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).name };
}

// 50 rows × 20 rules is 1,000 cells: a screenful to scan, and a page that stays light (docs/PERFORMANCE.md).
const PAGE_ROWS = 50;
const one = (v: string | string[] | undefined) => (typeof v === "string" && v ? v : undefined);
const selectClass =
  "rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900";

function Select({ name, label, value, options }: { name: string; label: string; value?: string; options: string[] }) {
  return (
    <label className="flex flex-col text-xs text-slate-600 dark:text-slate-400">
      {label}
      <select name={name} defaultValue={value ?? ""} className={selectClass}>
        <option value="">any</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}

export default async function ScorecardPage({ params, searchParams }: Props) {
  await requireActor();
  const { name } = await params;
  const search = await searchParams;
  const db = await getDb();
  const scorecard = await pageData(loadAllScorecards(db).then((loaded) => requireScorecard(name, loaded)));
  const filters = {
    owner: one(search.team),
    system: one(search.system),
    lifecycle: one(search.lifecycle),
    level: one(search.level),
  };
  const parsed = scorecardResultsQuery.safeParse({ ...filters, cursor: one(search.cursor), limit: PAGE_ROWS });
  const query = parsed.success ? parsed.data : scorecardResultsQuery.parse({ limit: PAGE_ROWS });
  const [page, facets, teamCounts] = await Promise.all([
    pageData(scorecardResults(db, scorecard, query)),
    scorecardFacets(db, scorecard),
    query.owner ? levelCounts(db, scorecard, query.owner) : undefined,
  ]);
  const { options } = facets;
  const counts = teamCounts ?? facets.counts;
  const keep = (extra: Record<string, string | undefined>) =>
    new URLSearchParams(
      Object.entries({
        team: filters.owner,
        system: filters.system,
        lifecycle: filters.lifecycle,
        level: filters.level,
        ...extra,
      }).filter((e): e is [string, string] => Boolean(e[1])),
    ).toString();
  const csv = new URLSearchParams(
    Object.entries({ ...filters, format: "csv" }).filter((e): e is [string, string] => Boolean(e[1])),
  ).toString();
  return (
    <article>
      <PageHeader
        title={scorecard.title}
        subtitle={`scorecard ${scorecard.name} · levels ${scorecard.levels.join(" < ")}`}
        description={scorecard.description ?? undefined}
        actions={
          <a href={`/api/v1/scorecards/${scorecard.name}?${csv}`} className={buttonClass("secondary")} download>
            Export CSV
          </a>
        }
      />
      <p className="mb-3 flex flex-wrap gap-3 text-sm">
        {counts.map((c) => (
          <span key={c.level ?? "none"} className="inline-flex items-center gap-1">
            <LevelBadge level={c.level} levels={scorecard.levels} /> {c.count}
          </span>
        ))}
      </p>
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3" aria-label="Filter services">
        <Select name="team" label="Team" value={filters.owner} options={options.owners} />
        <Select name="system" label="System" value={filters.system} options={options.systems} />
        <Select name="lifecycle" label="Lifecycle" value={filters.lifecycle} options={options.lifecycles} />
        <Select name="level" label="Level" value={filters.level} options={[...scorecard.levels, "none"]} />
        <button type="submit" className={buttonClass("secondary")}>
          Filter
        </button>
        <Link href={`/scorecards/${scorecard.name}`} className={linkClass}>
          Clear
        </Link>
      </form>
      {page.items.length === 0 ? (
        <p className="text-sm text-slate-500">
          No service matches (results appear once the scorecards-refresh job ran).
        </p>
      ) : (
        <ScorecardHeatmap scorecard={summarize(scorecard)} items={page.items} />
      )}
      {page.nextCursor && (
        <Link
          href={`/scorecards/${scorecard.name}?${keep({ cursor: page.nextCursor })}`}
          className={`mt-3 inline-block ${linkClass}`}
        >
          More services
        </Link>
      )}
    </article>
  );
}
