// The scorecard page's level counts and filter options read every result of the scorecard (seconds at
// 20,000 services under load: the rows carry each rule's outcome). They change only when a refresh
// writes results, and every refresh logs a scorecard_runs row when it is done: so they are computed
// once per run and process, keyed by the latest run's id. Until a newer run's figures are ready, the
// previous run's are served (one refresh behind for a few seconds), so no render waits for them but
// the first. Deleting an entity removes its results without a run; the next refresh (within a
// minute) catches up.
import { sql } from "drizzle-orm";
import { queryRows, type DbOrTx } from "@/db/client";
import type { Scorecard } from "./definition";
import { levelCounts, scorecardFilterOptions, type LevelCount } from "./queries";

export type ScorecardFacets = {
  counts: LevelCount[];
  options: Awaited<ReturnType<typeof scorecardFilterOptions>>;
};
type Entry = { run: number; facets: Promise<ScorecardFacets>; next?: number };

// Per database handle (tests open several in one process), then per scorecard definition.
const cache = new WeakMap<DbOrTx, Map<string, Entry>>();

const compute = async (db: DbOrTx, scorecard: Scorecard): Promise<ScorecardFacets> => {
  const [counts, options] = await Promise.all([levelCounts(db, scorecard), scorecardFilterOptions(db, scorecard)]);
  return { counts, options };
};

/** The level counts and filter options of a scorecard, as of its latest refresh run. */
export async function scorecardFacets(db: DbOrTx, scorecard: Scorecard): Promise<ScorecardFacets> {
  const [latest] = await queryRows<{ run: string | null }>(db, sql`select max(id)::text as run from scorecard_runs`);
  const run = Number(latest?.run ?? 0);
  const byScorecard = cache.get(db) ?? new Map<string, Entry>();
  cache.set(db, byScorecard);
  const key = JSON.stringify([scorecard.name, scorecard.levels]);
  const entry = byScorecard.get(key);
  if (entry && entry.run === run) return entry.facets;
  if (!entry) {
    const facets = compute(db, scorecard);
    byScorecard.set(key, { run, facets });
    facets.catch(() => byScorecard.delete(key));
    return facets;
  }
  if (entry.next !== run) {
    entry.next = run;
    const facets = compute(db, scorecard);
    facets.then(
      () => byScorecard.set(key, { run, facets }),
      () => (entry.next = undefined),
    );
  }
  return entry.facets;
}
