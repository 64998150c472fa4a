// The rebuild of relation sources' edge lists that writes left stale (migrations 0029, 0035: the triggers on
// `relations` build a list at once only for a source that had no edges before; any other touched
// source's list is set to null, which readers answer by aggregating its edges). Runs after the
// catalog's writes pause, a slice of sources per transaction, and never builds a list from a snapshot
// older than the row's count: each slice locks its rows first (skipping rows a writer holds), then
// reads the edges in a later statement, whose snapshot sees every write committed before the locks.
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

/** Sources rebuilt per transaction: a slice is a few hundred milliseconds at most. */
const SLICE = 2_000;

/** Rebuilds one slice of stale lists; returns how many it rebuilt (0: none is left, or all are held by writers). */
async function rebuildSlice(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await queryRows<{ ref: string }>(
      tx,
      sql`select source_ref as ref from relation_lists where list is null and edges <= ${RELATION_LIST_MAX}
          order by source_ref limit ${SLICE} for update skip locked`,
    );
    if (rows.length === 0) return 0;
    const refs = sqlTextArray(rows.map((r) => r.ref));
    // Every locked row gets a list ('' if its edges are gone), so no row is taken again and again.
    await tx.execute(sql`update relation_lists rl set list = coalesce(fresh.list, '')
      from unnest(${refs}) as s(ref)
      left join (select e.source_ref, ${EDGE_LIST} as list
            from (select distinct r.source_ref, r.type, r.target_ref from relations r
                  join unnest(${refs}) as s(ref) on s.ref = r.source_ref) e
            group by e.source_ref) fresh on fresh.source_ref = s.ref
      where rl.source_ref = s.ref and rl.edges <= ${RELATION_LIST_MAX}`);
    return rows.length;
  });
}

/** Rebuilds every stale list it can take; returns the number rebuilt. */
export async function rebuildRelationLists(db: Db): Promise<number> {
  let total = 0;
  for (let rebuilt = await rebuildSlice(db); rebuilt > 0; rebuilt = await rebuildSlice(db)) total += rebuilt;
  return total;
}
