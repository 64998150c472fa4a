// Planner statistics that follow bulk imports. Without them Postgres guesses the size of a table that
// grew from nothing, and turns the relations lookup of a page into a scan of the whole table; autovacuum
// lags a bulk load by a minute or more (and the embedded database has none). So the catalog counts the
// rows its writes changed and, once they pass a share of the table as it was at the last ANALYZE (the
// rule autovacuum follows), runs ANALYZE of the catalog's tables itself, in the background, one at a time.
// Only the first one starts at once (a table that grew from nothing); later ones wait for a pause in the
// writes: between ANALYZEs the planner scales the counted rows by the table's current size, and a bulk
// import of 20,000 entities ran fifteen of them (2.7 s each at the end on a loaded machine) beside its writes.
// It is a VACUUM (ANALYZE): besides the statistics it sets the visibility map of the freshly written pages,
// so a page's relations are read from the relations index alone (an index-only scan) instead of visiting
// one heap page per edge — a bulk import scatters an entity's edges over as many pages as it has edges.
// Every write also schedules, after the same pause, the rebuild of the relation lists it left stale
// (lib/catalog/relation-lists.ts): until then readers aggregate those sources' edges themselves. Lists
// longer than the triggers build at once (a team's hundreds of edges) wait for a longer pause: a bulk
// import touches every team in each batch, and rebuilding them all between batches held the rows the
// next batch's triggers lock (a 250k import through HTTP took 315 s instead of 191).
import { sql } from "drizzle-orm";
import { isClosed, queryRows, type Db } from "@/db/client";
import { describeError } from "@/lib/errors";
import { RELATION_LIST_AT_ONCE_MAX, RELATION_LIST_MAX } from "@/db/schema";
import { rebuildRelationLists } from "./relation-lists";

type State = {
  pending: number;
  rowsAtLastAnalyze: number;
  running: Promise<void> | null;
  waiting: NodeJS.Timeout | null;
  /** The rebuild of stale relation lists (lib/catalog/relation-lists.ts): short ones after every write's pause… */
  lists: Rebuild;
  /** …every one after a longer pause. */
  longLists: Rebuild;
};

type Rebuild = {
  running: Promise<void> | null;
  waiting: NodeJS.Timeout | null;
  again: boolean;
  /** The most edges of a list it rebuilds. */
  maxEdges: number;
  quietMs: number;
};

const states = new WeakMap<Db, State>();

/** Changed rows that trigger an ANALYZE: at least this many… */
const MIN_CHANGES = 500;
/** …and at least this share of the rows the table had at the last ANALYZE. */
const SHARE = 0.2;
/** A due ANALYZE (but the first) waits until no catalog write was noted for this long. */
const QUIET_MS = 1000;
/** Lists longer than the triggers build at once wait until no catalog write was noted for this long. */
export const LONG_LISTS_QUIET_MS = 10_000;

const rebuild = (maxEdges: number, quietMs: number): Rebuild => ({
  running: null,
  waiting: null,
  again: false,
  maxEdges,
  quietMs,
});

function stateOf(db: Db): State {
  let state = states.get(db);
  if (!state) {
    state = {
      pending: 0,
      rowsAtLastAnalyze: 0,
      running: null,
      waiting: null,
      lists: rebuild(RELATION_LIST_AT_ONCE_MAX, QUIET_MS),
      longLists: rebuild(RELATION_LIST_MAX, LONG_LISTS_QUIET_MS),
    };
    states.set(db, state);
  }
  return state;
}

async function analyze(db: Db, state: State): Promise<void> {
  state.pending = 0;
  await db.execute(sql`vacuum (analyze) entities, relations, locations, relation_lists, entity_tags`);
  state.rowsAtLastAnalyze = await plannerRowEstimate(db, "entities");
}

/** The rows the planner believes `table` holds (0 until ANALYZE or VACUUM has counted it). */
export async function plannerRowEstimate(db: Db, table: string): Promise<number> {
  const [row] = await queryRows<{ rows: number }>(
    db,
    sql`select greatest(reltuples, 0)::float8 as rows from pg_class where oid = ${table}::regclass`,
  );
  return Number(row?.rows ?? 0);
}

/** The rule autovacuum follows: enough changed rows since the last ANALYZE of a table that had `rowsAtLastAnalyze`. */
export function analyzeDue(pending: number, rowsAtLastAnalyze: number): boolean {
  return pending >= Math.max(MIN_CHANGES, SHARE * rowsAtLastAnalyze);
}

function due(state: State): boolean {
  return analyzeDue(state.pending, state.rowsAtLastAnalyze);
}

function start(db: Db, state: State): void {
  if (state.waiting) clearTimeout(state.waiting);
  state.waiting = null;
  if (isClosed(db)) return;
  state.running = analyze(db, state)
    .catch((error: unknown) => {
      if (!isClosed(db)) console.warn(`[portolan] VACUUM (ANALYZE) after an import failed: ${describeError(error)}`);
    })
    .finally(() => {
      state.running = null;
      // Writes that landed while it ran may already be due again.
      if (due(state)) startWhenQuiet(db, state);
    });
}

function startWhenQuiet(db: Db, state: State): void {
  if (state.waiting) clearTimeout(state.waiting);
  state.waiting = setTimeout(() => {
    state.waiting = null;
    if (!state.running) start(db, state);
  }, QUIET_MS);
  state.waiting.unref();
}

function rebuildLists(db: Db, lists: Rebuild): void {
  if (lists.waiting) clearTimeout(lists.waiting);
  lists.waiting = null;
  if (lists.running) {
    lists.again = true;
    return;
  }
  lists.again = false;
  if (isClosed(db)) return;
  lists.running = rebuildRelationLists(db, { maxEdges: lists.maxEdges })
    .then(() => undefined)
    .catch((error: unknown) => {
      if (!isClosed(db)) console.warn(`[portolan] rebuilding relation lists failed: ${describeError(error)}`);
    })
    .finally(() => {
      lists.running = null;
      if (lists.again) listsWhenQuiet(db, lists);
    });
}

function listsWhenQuiet(db: Db, lists: Rebuild): void {
  if (lists.waiting) clearTimeout(lists.waiting);
  lists.waiting = setTimeout(() => rebuildLists(db, lists), lists.quietMs);
  lists.waiting.unref();
}

/**
 * Records that a catalog write changed `rows` entities (created, updated or removed); starts an ANALYZE
 * when enough have changed since the last one (see the top of this file for when). Never waits for it:
 * readers keep the old plans meanwhile.
 */
export function noteCatalogChanges(db: Db, rows: number): void {
  if (rows <= 0) return;
  const state = stateOf(db);
  listsWhenQuiet(db, state.lists);
  listsWhenQuiet(db, state.longLists);
  state.pending += rows;
  if (state.running || !due(state)) return;
  if (state.rowsAtLastAnalyze === 0) start(db, state);
  else startWhenQuiet(db, state);
}

/** Runs a waiting ANALYZE and list rebuild now and resolves when none is running (for tests and benchmarks). */
export async function catalogStatisticsSettled(db: Db): Promise<void> {
  for (let state = states.get(db); state?.running || state?.waiting; state = states.get(db)) {
    if (!state.running) start(db, state);
    await state.running;
  }
  for (const phase of ["lists", "longLists"] as const) {
    for (let lists = states.get(db)?.[phase]; lists?.running || lists?.waiting; lists = states.get(db)?.[phase]) {
      if (!lists.running) rebuildLists(db, lists);
      await lists.running;
    }
  }
}
