import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { queryRows, type DbOrTx } from "@/db/client";
import {
  entities,
  locations,
  relations,
  scorecardResults,
  type LocationOwnerKind,
  type LocationSource,
} from "@/db/schema";
import { filterConditions, LEVEL_NONE, namePrefixCondition, searchRank, type FacetName } from "./entity-filters";
import type { EntityFilters, EntityQuery } from "./schemas";
import type { Entity } from "./types";
import { encodeCursor, parseCursor } from "./cursor";
import { AppError } from "@/lib/errors";

export type RelationView = { type: string; targetRef: string };

/** An entity as the API returns it: the descriptor plus its relations and where it came from. */
export type EntityView = Entity & {
  relations: RelationView[];
  ref: string;
  source: {
    location: string;
    type: string;
    target: string;
    /** How the location is fed: `api`, `file` (CLI), `seed` or `github`. */
    origin: LocationSource | "unknown";
    /** Who created the location; null when unknown. */
    owner: { kind: LocationOwnerKind; name: string } | null;
    /** Whether permissions may read this entity (group membership, sign-in). */
    trusted: boolean;
    lastImportedBy: string | null;
    lastSeenAt: string;
    updatedAt: string;
  };
};

export { decodeCursor, encodeCursor } from "./cursor";

function sortOf(query: EntityQuery) {
  return query.sort ?? (query.q ? "relevance" : "name");
}

function orderBy(query: EntityQuery): SQL[] {
  const sort = sortOf(query);
  const byName = [asc(entities.nameKey), asc(entities.ref)];
  if (sort === "relevance" && query.q) return [asc(searchRank(query.q)), ...byName];
  if (sort === "-name") return [desc(entities.nameKey), desc(entities.ref)];
  if (sort === "kind") return [asc(entities.kind), ...byName];
  if (sort === "updated") return [desc(entities.updatedAt), asc(entities.ref)];
  if (sort === "level") return [desc(scorecardResults.levelRank), desc(scorecardResults.score), ...byName];
  if (sort === "-level") return [asc(scorecardResults.levelRank), asc(scorecardResults.score), ...byName];
  return byName;
}

async function relationsOf(db: DbOrTx, refs: string[]): Promise<Map<string, RelationView[]>> {
  const out = new Map<string, RelationView[]>(refs.map((r) => [r, []]));
  if (refs.length === 0) return out;
  // Deduplicated and sorted here: the same edge may come from both ends' descriptors, and
  // sorting a few hundred short strings in JS beats a collation-aware sort in the database.
  const rows = await db
    .select({ sourceRef: relations.sourceRef, type: relations.type, targetRef: relations.targetRef })
    .from(relations)
    .where(inArray(relations.sourceRef, refs));
  const seen = new Set<string>();
  for (const row of rows) {
    const key = `${row.sourceRef} ${row.type} ${row.targetRef}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.get(row.sourceRef)?.push({ type: row.type, targetRef: row.targetRef });
  }
  const byTypeThenTarget = (a: RelationView, b: RelationView) =>
    a.type < b.type ? -1 : a.type > b.type ? 1 : a.targetRef < b.targetRef ? -1 : a.targetRef > b.targetRef ? 1 : 0;
  for (const list of out.values()) list.sort(byTypeThenTarget);
  return out;
}

/** jsonb stores keys sorted by length; give them back in the order people write descriptors. */
function inDescriptorOrder({ apiVersion, kind, metadata, spec, ...rest }: Entity): Entity {
  return { apiVersion, kind, metadata, ...(spec ? { spec } : {}), ...rest };
}

type EntityRow = { ref: string; body: Record<string, unknown>; locationId: string; lastSeenAt: Date; updatedAt: Date };

const rowColumns = {
  ref: entities.ref,
  sortName: sql<string>`${entities.nameKey}`,
  body: entities.body,
  locationId: entities.locationId,
  lastSeenAt: entities.lastSeenAt,
  updatedAt: entities.updatedAt,
};

/** Adds relations and source details to a page of rows: two small lookups, not a join over the table. */
async function toViews(db: DbOrTx, rows: EntityRow[]): Promise<EntityView[]> {
  if (rows.length === 0) return [];
  // Independent lookups: on a pool they run side by side (the embedded database queues them).
  const [rels, locationRows] = await Promise.all([
    relationsOf(
      db,
      rows.map((r) => r.ref),
    ),
    db
      .select({
        id: locations.id,
        type: locations.type,
        target: locations.target,
        origin: locations.source,
        ownerKind: locations.ownerKind,
        ownerName: locations.ownerName,
        ownerId: locations.ownerId,
        trusted: locations.trusted,
        lastImportedBy: locations.lastImportedBy,
      })
      .from(locations)
      .where(inArray(locations.id, [...new Set(rows.map((r) => r.locationId))])),
  ]);
  const byId = new Map(locationRows.map((l) => [l.id, l]));
  return rows.map((row) => {
    const location = byId.get(row.locationId);
    return {
      ...inDescriptorOrder(row.body as Entity),
      relations: rels.get(row.ref) ?? [],
      ref: row.ref,
      source: {
        location: row.locationId,
        type: location?.type ?? "unknown",
        target: location?.target ?? "",
        origin: location?.origin ?? "unknown",
        owner: location?.ownerKind
          ? { kind: location.ownerKind, name: location.ownerName ?? location.ownerId ?? "" }
          : null,
        trusted: location?.trusted ?? false,
        lastImportedBy: location?.lastImportedBy ?? null,
        lastSeenAt: row.lastSeenAt.toISOString(),
        updatedAt: row.updatedAt.toISOString(),
      },
    };
  });
}

/** Beyond this many rows a page is not worth answering from the name prefix alone. */
const PREFIX_PAGE_MAX = 1_000;

/**
 * A relevance page of a one-word search answered from the name index alone, when it can be: names
 * equal to the word rank first and names starting with it next, and in the "C" collation that is
 * exactly name order over the names with that prefix. When those fill the page (and one more row
 * shows there is a next page), no other match can come before them, so the search need not rank
 * every match — which for a broad word is thousands of rows. Otherwise null: the full query runs.
 */
async function byNamePrefix(
  db: DbOrTx,
  query: EntityQuery,
  offset: number,
): Promise<(EntityRow & { sortName: string })[] | null> {
  const word = (query.q ?? "").trim().toLowerCase();
  // Only where the search condition itself accepts every name containing the word (searchCondition).
  if (word.length < 3 || /\s/.test(word)) return null;
  const wanted = offset + query.limit + 1;
  if (wanted > PREFIX_PAGE_MAX) return null;
  const rows = await db
    .select(rowColumns)
    .from(entities)
    .where(and(filterConditions({ ...query, q: undefined }), namePrefixCondition(word)))
    .orderBy(asc(entities.nameKey), asc(entities.ref))
    .limit(wanted);
  return rows.length === wanted ? rows.slice(offset) : null;
}

export async function listEntities(
  db: DbOrTx,
  query: EntityQuery,
): Promise<{ items: EntityView[]; nextCursor: string | null }> {
  const cursor = parseCursor(query.cursor);
  const sort = sortOf(query);
  const isKeyset = (sort === "name" || sort === "-name") && cursor.after?.sort === sort;
  const after =
    isKeyset && cursor.after
      ? sort === "name"
        ? sql`(${entities.nameKey}, ${entities.ref}) > (${cursor.after.name}, ${cursor.after.ref})`
        : sql`(${entities.nameKey}, ${entities.ref}) < (${cursor.after.name}, ${cursor.after.ref})`
      : undefined;
  const isByLevel = sort === "level" || sort === "-level";
  if (isByLevel && !query.scorecard)
    throw new AppError(
      "bad_request:sort",
      `sort=${sort} needs scorecard=<name>: the scorecard whose level to sort by.`,
      [{ field: "sort", message: "give scorecard too" }],
    );
  const from = db.select(rowColumns).from(entities);
  // By level: one join on scorecard_results' primary key (the filter already keeps only entities it applies to).
  const joined = isByLevel
    ? from.innerJoin(
        scorecardResults,
        and(eq(scorecardResults.entityRef, entities.ref), eq(scorecardResults.scorecard, query.scorecard ?? "")),
      )
    : from;
  const rows =
    (sort === "relevance" && query.q ? await byNamePrefix(db, query, cursor.offset) : null) ??
    (await joined
      .where(and(filterConditions(query), after))
      .orderBy(...orderBy(query))
      .limit(query.limit + 1)
      .offset(isKeyset ? 0 : cursor.offset));
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const nextOffset = cursor.offset + query.limit;
  const nextCursor =
    rows.length <= query.limit || !last
      ? null
      : sort === "name" || sort === "-name"
        ? encodeCursor(nextOffset, { sort, name: last.sortName, ref: last.ref })
        : encodeCursor(nextOffset);
  return { items: await toViews(db, page), nextCursor };
}

export async function countEntities(db: DbOrTx, filters: EntityFilters): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(entities)
    .where(filterConditions(filters));
  return row.n;
}

export async function getEntity(db: DbOrTx, ref: string): Promise<EntityView | null> {
  const rows = await db.select(rowColumns).from(entities).where(eq(entities.ref, ref.toLowerCase()));
  return (await toViews(db, rows))[0] ?? null;
}

export type FacetCounts = Record<FacetName, { value: string; count: number }[]>;

const FACET_COLUMNS: Record<Exclude<FacetName, "tag" | "level">, SQL> = {
  kind: sql`${entities.kind}`,
  type: sql`${entities.specType}`,
  owner: sql`${entities.ownerRef}`,
  lifecycle: sql`${entities.lifecycle}`,
  system: sql`${entities.systemRef}`,
};

/** Counts per facet value, each facet filtered by every other active filter (not by itself). */
export async function facetCounts(db: DbOrTx, filters: EntityFilters, limit = 50): Promise<FacetCounts> {
  const columnFacet = async ([facet, column]: [Exclude<FacetName, "tag" | "level">, SQL]) => {
    const where = filterConditions(filters, facet);
    const rows = await db
      .select({ value: sql<string>`${column}`, count: sql<number>`count(*)::int` })
      .from(entities)
      .where(where ? and(where, sql`${column} is not null`) : sql`${column} is not null`)
      .groupBy(column)
      .orderBy(desc(sql`count(*)`), asc(column))
      .limit(limit);
    return [facet, rows] as const;
  };
  // Levels of the chosen scorecard (none: below its first level), highest first, from each entity's stored result.
  const levelFacet = async () => {
    if (!filters.scorecard) return ["level", []] as const;
    const where = filterConditions(filters, "level");
    const rows = await queryRows<{ value: string | null; count: number }>(
      db,
      sql`select sr.level as value, count(*)::int as count from ${entities}
          join scorecard_results sr on sr.entity_ref = ${entities.ref} and sr.scorecard = ${filters.scorecard}
          ${where ? sql`where ${where}` : sql``} group by sr.level order by max(sr.level_rank) desc`,
    );
    return ["level", rows.map((r) => ({ value: r.value ?? LEVEL_NONE, count: Number(r.count) }))] as const;
  };
  const tagFacet = async () => {
    const tagWhere = filterConditions(filters, "tag");
    const rows = await queryRows<{ value: string; count: number }>(
      db,
      sql`select t as value, count(*)::int as count from ${entities}, unnest(${entities.tags}) as t ${tagWhere ? sql`where ${tagWhere}` : sql``} group by t order by count(*) desc, t limit ${limit}`,
    );
    return ["tag", rows.map((r) => ({ value: r.value, count: Number(r.count) }))] as const;
  };
  // Independent scans: on a pool they run side by side (the embedded database queues them).
  const results = await Promise.all([
    ...(Object.entries(FACET_COLUMNS) as [Exclude<FacetName, "tag" | "level">, SQL][]).map(columnFacet),
    tagFacet(),
    levelFacet(),
  ]);
  return Object.fromEntries(results) as FacetCounts;
}

/** Display names for a set of refs (titles where the entity exists), for linking relation targets. */
export async function describeRefs(
  db: DbOrTx,
  refs: string[],
): Promise<Map<string, { title: string | null; kind: string }>> {
  const unique = [...new Set(refs)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select({ ref: entities.ref, title: entities.title, kind: entities.kind })
    .from(entities)
    .where(inArray(entities.ref, unique));
  return new Map(rows.map((r) => [r.ref, { title: r.title, kind: r.kind }]));
}
