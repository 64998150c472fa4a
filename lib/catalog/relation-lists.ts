// The rebuild of relation sources' edge lists that writes left stale (migrations 0029, 0035: the triggers on
// `relations` build a list at once only for a new source with few edges; any other touched source's
// list is set to null, which readers answer by aggregating its edges). Runs after the catalog's writes
// pause, a slice of sources per transaction, and never builds a list from a snapshot older than the
// row's count: each slice locks its rows first (skipping rows a writer holds), then reads the edges in a
// later statement, whose snapshot sees every write committed before the locks. Big sources are rebuilt
// too (a team owning 500 entities was aggregated on every page that listed it: 1.5 ms each at 20k), up
// to RELATION_LIST_MAX edges; a slice stops at SLICE_EDGES edges so writers wait on its locks briefly.
import { sql } from "drizzle-orm";
import { queryRows, sqlTextArray, type Db } from "@/db/client";
import { RELATION_LIST_MAX } from "@/db/schema";

/**
 * The API's list of edges aggregated from rows `e` (columns type, target_ref), distinct rows given:
 * `{"type":…,"targetRef":…}` objects sorted by type then target in the "C" collation, comma-separated.
 * The same text the trigger on `relations` builds for a source's first edges (migration 0035).
 */
export const EDGE_LIST =
  sql.raw(`string_agg('{"type":' || to_json(e.type)::text || ',"targetRef":' || to_json(e.target_ref)::text || '}', ','
  order by e.type collate "C", e.target_ref collate "C")`);

/** Sources locked per transaction… */
const SLICE = 2_000;
/** …of which those rebuilt: as many as fit in this many edges, and at least one (~150 ms a slice). */
const SLICE_EDGES = 25_000;

export type RebuildLimits = { maxEdges?: number; sliceEdges?: number };

/** The first of `rows` (in order) whose edges add up to at most `budget`, and at least the first. */
export function sliceByEdges<T extends { edges: number }>(rows: T[], budget: number): T[] {
  let total = 0;
  let end = 0;
  while (end < rows.length && (end === 0 || total + rows[end].edges <= budget)) total += rows[end++].edges;
  return rows.slice(0, end);
}

/** Rebuilds one slice of stale lists; returns how many it rebuilt (0: none is left, or all are held by writers). */
async function rebuildSlice(db: Db, maxEdges: number, sliceEdges: number): Promise<number> {
  return db.transaction(async (tx) => {
    const locked = await queryRows<{ ref: string; edges: number }>(
      tx,
      sql`select source_ref as ref, edges from relation_lists where list is null and edges <= ${maxEdges}
          order by source_ref limit ${SLICE} for update skip locked`,
    );
    // The rows locked and not taken stay null, first in line for the next slice.
    const rows = sliceByEdges(locked, sliceEdges);
    if (rows.length === 0) return 0;
    const refs = sqlTextArray(rows.map((r) => r.ref));
    // Every taken row gets a list ('' if its edges are gone), so no row is taken again and again.
    await tx.execute(sql`update relation_lists rl set list = coalesce(fresh.list, '')
      from unnest(${refs}) as s(ref)
      left join (select e.source_ref, ${EDGE_LIST} as list
            from (select distinct r.source_ref, r.type, r.target_ref from relations r
                  join unnest(${refs}) as s(ref) on s.ref = r.source_ref) e
            group by e.source_ref) fresh on fresh.source_ref = s.ref
      where rl.source_ref = s.ref and rl.edges <= ${maxEdges}`);
    return rows.length;
  });
}

/**
 * Rebuilds every stale list it can take (of sources with at most `maxEdges` edges); returns the number
 * rebuilt. planner-stats.ts rebuilds the short lists (maxEdges: the triggers' at-once limit) sooner
 * than the rest; `sliceEdges` is smaller only in tests.
 */
export async function rebuildRelationLists(
  db: Db,
  { maxEdges = RELATION_LIST_MAX, sliceEdges = SLICE_EDGES }: RebuildLimits = {},
): Promise<number> {
  let total = 0;
  for (let n = await rebuildSlice(db, maxEdges, sliceEdges); n > 0; n = await rebuildSlice(db, maxEdges, sliceEdges))
    total += n;
  return total;
}
