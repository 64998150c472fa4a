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
import { JsonText } from "@/lib/wire";
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

/** A nullable SQL value as JSON text (`null` for NULL), for the views built below. */
const json = (value: SQL) => sql`coalesce(to_json(${value})::text, 'null')`;
const isoTime = (column: SQL) =>
  sql`to_json(to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text`;
/** Keys the view sets itself, after the descriptor's own. */
const VIEW_KEYS = ["apiVersion", "kind", "metadata", "spec", "relations", "ref", "source"];

/**
 * The API's JSON of each entity, built by the database: the descriptor in the order people write it
 * (apiVersion, kind, metadata, spec, then the rest — jsonb stores keys sorted by length), its
 * relations deduplicated (the same edge may come from both ends' descriptors) and sorted by type
 * then target, and where it came from. One statement for a page, no objects shaped and serialised
 * per row in the app; the relations of each entity are one range of the relations primary key.
 */
async function viewsJson(db: DbOrTx, refs: string[]): Promise<string[]> {
  if (refs.length === 0) return [];
  const b = sql`e.body`;
  const key = (name: string) => sql`case when ${b} ? ${name} then ${`"${name}":`} || (${b} -> ${name})::text end`;
  const rows = await queryRows<{ view: string }>(
    db,
    sql`select concat('{', concat_ws(',',
        ${key("apiVersion")}, ${key("kind")}, ${key("metadata")},
        case when coalesce(${b} -> 'spec', 'null') not in ('null', 'false', '0', '""') then '"spec":' || (${b} -> 'spec')::text end,
        nullif(substr(rest.text, 2, length(rest.text) - 2), ''),
        '"relations":[' || coalesce(rels.list, '') || ']',
        '"ref":' || to_json(e.ref)::text,
        '"source":{"location":' || to_json(e.location_id)::text
          || ',"type":' || to_json(coalesce(l.type, 'unknown'))::text
          || ',"target":' || to_json(coalesce(l.target, ''))::text
          || ',"origin":' || to_json(coalesce(l.source, 'unknown'))::text
          || ',"owner":' || case when coalesce(l.owner_kind, '') <> ''
              then '{"kind":' || to_json(l.owner_kind)::text || ',"name":' || to_json(coalesce(l.owner_name, l.owner_id, ''))::text || '}'
              else 'null' end
          || ',"trusted":' || coalesce(l.trusted, false)::text
          || ',"lastImportedBy":' || ${json(sql`l.last_imported_by`)}
          || ',"lastSeenAt":' || ${isoTime(sql`e.last_seen_at`)}
          || ',"updatedAt":' || ${isoTime(sql`e.updated_at`)} || '}'
      ), '}') as view
      from unnest(${sql.param(refs)}::text[]) with ordinality as page(ref, position)
      join ${entities} e on e.ref = page.ref
      left join ${locations} l on l.id = e.location_id
      cross join lateral (select (${b} - ${sql.param(VIEW_KEYS)}::text[])::text as text) rest
      cross join lateral (
        select string_agg('{"type":' || to_json(r.type)::text || ',"targetRef":' || to_json(r.target_ref)::text || '}', ','
          order by r.type collate "C", r.target_ref collate "C") as list
        from (select distinct type, target_ref from ${relations} where source_ref = e.ref) r
      ) rels
      order by page.position`,
  );
  return rows.map((r) => r.view);
}

type PageRow = { ref: string; sortName: string };

const rowColumns = { ref: entities.ref, sortName: sql<string>`${entities.nameKey}` };

/** Beyond this many rows a page is not worth answering from the name prefix alone. */
const PREFIX_PAGE_MAX = 1_000;

/**
 * A relevance page of a one-word search answered from the name index alone, when it can be: names
 * equal to the word rank first and names starting with it next, and in the "C" collation that is
 * exactly name order over the names with that prefix. When those fill the page (and one more row
 * shows there is a next page), no other match can come before them, so the search need not rank
 * every match — which for a broad word is thousands of rows. Otherwise null: the full query runs.
 */
async function byNamePrefix(db: DbOrTx, query: EntityQuery, offset: number): Promise<PageRow[] | null> {
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

/** The refs of a page, in order, and the cursor of the next one. */
async function pageOf(db: DbOrTx, query: EntityQuery): Promise<{ refs: string[]; nextCursor: string | null }> {
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
  return { refs: page.map((r) => r.ref), nextCursor };
}

export type EntityPage = { items: EntityView[]; nextCursor: string | null };

/**
 * A page as the API sends it: the database's JSON joined, never parsed into objects and serialised
 * again — for a page of 50 entities that was most of the app's work per request.
 */
export async function listEntitiesJson(db: DbOrTx, query: EntityQuery): Promise<JsonText<EntityPage>> {
  const { refs, nextCursor } = await pageOf(db, query);
  const items = await viewsJson(db, refs);
  return new JsonText(`{"items":[${items.join(",")}],"nextCursor":${JSON.stringify(nextCursor)}}`);
}

/** The same page as objects (pages, and the tests that check the API's text against its schema). */
export async function listEntities(db: DbOrTx, query: EntityQuery): Promise<EntityPage> {
  return JSON.parse((await listEntitiesJson(db, query)).text) as EntityPage;
}

export async function countEntities(db: DbOrTx, filters: EntityFilters): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(entities)
    .where(filterConditions(filters));
  return row.n;
}

export async function getEntity(db: DbOrTx, ref: string): Promise<EntityView | null> {
  const [view] = await viewsJson(db, [ref.toLowerCase()]);
  return view ? (JSON.parse(view) as EntityView) : null;
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
