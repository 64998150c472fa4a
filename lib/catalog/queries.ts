import { and, asc, desc, eq, inArray, not, sql, type SQL } from "drizzle-orm";
import { queryPrepared, queryRows, sqlTextArray, type DbOrTx } from "@/db/client";
import {
  entities,
  entityFacetCounts,
  entityTags,
  locations,
  relationLists,
  relations,
  scorecardResults,
  type LocationOwnerKind,
  type LocationSource,
} from "@/db/schema";
import {
  COLUMN_FACETS,
  facetValues,
  filterConditions,
  filterKinds,
  LEVEL_NONE,
  nameContainsCondition,
  nameHoldsEvery,
  namePrefixCondition,
  othersThan,
  phraseNameCondition,
  phraseTagCondition,
  searchRank,
  searchTokens,
  tagPrefixCondition,
  wordsCondition,
  type ColumnFacet,
  type SearchFilters,
} from "./entity-filters";
import { withSearchWords } from "./search-words";
import type { EntityFilters, EntityQuery, FacetName } from "./schemas";
import type { Entity } from "./types";
import { encodeCursor, parseCursor } from "./cursor";
import { EDGE_LIST } from "./relation-lists";
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

/** The list's order for a query's sort (the indexes the catalog keeps are built for these). */
export function listOrder(query: EntityQuery): SQL[] {
  const sort = sortOf(query);
  const byName = [asc(entities.nameKey), asc(entities.ref)];
  const rank = sort === "relevance" && query.q ? searchRank(query.q) : null;
  if (rank) return [asc(rank), ...byName];
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
/** A source's edges as the API lists them, aggregated: for sources whose list relation_lists does not keep. */
const aggregatedEdges = sql`(select ${EDGE_LIST} from (select distinct type, target_ref from ${relations} r where r.source_ref = e.ref) e)`;

/**
 * The API's JSON of each entity, built by the database from what it keeps ready: the descriptor in the
 * order people write it (`entities.descriptor_json`, a generated column), its relations deduplicated and
 * sorted by type then target (`relation_lists`, kept by triggers; aggregated here for a source with
 * more edges than a kept list holds), and where it came from. One statement for a page, no objects
 * shaped and serialised per row in the app, and no per-edge work for a page of ordinary entities.
 */
async function viewsJson(db: DbOrTx, refs: string[]): Promise<string[]> {
  if (refs.length === 0) return [];
  const rows = await queryPrepared<{ view: string }>(
    db,
    "catalog_entity_views",
    sql`select concat('{', concat_ws(',',
        nullif(e.descriptor_json, ''),
        '"relations":[' || coalesce(case when rl.source_ref is not null and rl.list is null then ${aggregatedEdges} else rl.list end, '') || ']',
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
      from unnest(${sqlTextArray(refs)}) with ordinality as page(ref, position)
      join ${entities} e on e.ref = page.ref
      left join ${locations} l on l.id = e.location_id
      left join ${relationLists} rl on rl.source_ref = e.ref
      order by page.position`,
  );
  return rows.map((r) => r.view);
}

type PageRow = { ref: string; sortName: string };

/** A query with its search's words looked up (withSearchWords). */
type SearchQuery = EntityQuery & SearchFilters;

const rowColumns = { ref: entities.ref, sortName: sql<string>`${entities.nameKey}` };

/** Beyond this many rows a relevance page is not answered tier by tier (see byRelevanceTiers). */
const TIERED_PAGE_MAX = 1_000;

/**
 * A relevance page of a one-word search, tier by tier: names equal to the word rank first and names
 * starting with it next (in the "C" collation that is exactly name order over the names with that
 * prefix: a range of the name index), then names containing it, then entities with a tag starting
 * with it, then matches elsewhere (title, description) — each tier in name order, read only as far as
 * the page needs. The same order as searchRank's, without ranking every match: for a broad word or a
 * tag that starts no name that was thousands of rows sorted per page. A phrase is one tier in name
 * order. Null when the full query must run (a short word, a deep page).
 */
async function byRelevanceTiers(db: DbOrTx, query: SearchQuery, offset: number): Promise<PageRow[] | null> {
  const word = (query.q ?? "").trim().toLowerCase();
  const wanted = offset + query.limit + 1;
  if (wanted > TIERED_PAGE_MAX) return null;
  // A phrase matches by words alone (searchCondition).
  if (/\s/.test(word)) return query.words === null ? [] : (await firstOfPhrase(db, query, wanted)).slice(offset);
  // Only where the search condition itself accepts every name containing the word (searchCondition).
  const byWords = wordsCondition(word, query.words);
  if (word.length < 3 || !byWords) return null;
  const filters = filterConditions({ ...query, q: undefined });
  const prefix = namePrefixCondition(word);
  const contains = nameContainsCondition(word);
  const tags = listedTags(query, word);
  const tagged = tagPrefixCondition(word, tags ?? undefined);
  const rows: PageRow[] = await db
    .select(rowColumns)
    .from(entities)
    .where(and(filters, prefix))
    .orderBy(asc(entities.nameKey), asc(entities.ref))
    .limit(wanted);
  const tiers: ((n: number) => Promise<PageRow[]>)[] = [
    // Without filters the walk reads the name index alone (no heap page per name): far cheaper per name.
    (n) => firstByName(db, and(filters, contains, not(prefix)) ?? sql`true`, n, { walkPerMatch: filters ? 1 : 10 }),
    async (n) => {
      const viaTags = filters || !tags ? null : await firstTagged(db, tags, word, byWords, n);
      return viaTags ?? firstByName(db, and(filters, byWords, tagged, not(contains)) ?? sql`true`, n);
    },
    (n) => firstByName(db, and(filters, byWords, not(contains), not(tagged)) ?? sql`true`, n, { walkPerMatch: 1 }),
  ];
  // No catalog word starts with the word (withSearchWords): only names containing it can match.
  for (const tier of query.words === null ? tiers.slice(0, 1) : tiers) {
    if (rows.length === wanted) break;
    rows.push(...(await tier(wanted - rows.length)));
  }
  return rows.slice(offset);
}

/**
 * The first `n` matches of a phrase by relevance (searchRank), each tier in name order: names starting
 * with its first word and containing its other words; then a tag starting with one of its words and a
 * name containing the others; then every other match. Matches of common words read through the
 * full-text index cost a heap page each before the first `n` can be sorted out (at 250,000 entities
 * "audit sync" has 7,410, "kafka api" 22,230, most of them late in name order); the first two tiers
 * are read in name order instead, from a name index or entity_tags, and stop at the `n`th.
 */
async function firstOfPhrase(db: DbOrTx, query: SearchQuery, n: number): Promise<PageRow[]> {
  const tokens = searchTokens(query.q ?? "");
  const matching = filterConditions(query) ?? sql`true`;
  const named = phraseNameCondition(tokens);
  const byWords = wordsCondition(query.q ?? "", query.words);
  if (!named || !byWords) return firstByName(db, matching, n);
  const filters = filterConditions({ ...query, q: undefined });
  const first = await firstNamed(db, and(filters, named)!, byWords, n);
  const rows = first.rows;
  // No name of the filtered catalog in the first tier's range: no match is in that tier.
  const notNamed = first.walked > 0 ? not(named) : undefined;
  // With every word's tags listed, the second tier is read from entity_tags' ranges; with too many
  // tags to list, through its condition.
  const listed = query.tags?.every((tags): tags is string[] => tags !== null) ? query.tags : undefined;
  const tagged = phraseTagCondition(tokens, listed);
  if (rows.length < n && tagged) {
    const left = n - rows.length;
    const check = and(filters, byWords, notNamed)!;
    rows.push(
      ...(listed
        ? await firstInTagRanges(
            db,
            tokens.flatMap((_, i) =>
              listed[i].length
                ? [tagRanges(listed[i], nameHoldsEvery(othersThan(tokens, i), sql`t.name_key`), check, left)]
                : [],
            ),
            left,
          )
        : await firstByName(db, and(matching, notNamed, tagged)!, left)),
    );
  }
  if (rows.length < n)
    rows.push(...(await firstByName(db, and(matching, notNamed, tagged ? not(tagged) : undefined)!, n - rows.length)));
  return rows;
}

/** The most names firstNamed reads in one statement (each batch reads four times the last). */
const NAMED_BATCH_MAX = 4_096;

/**
 * The first `n` entities in name order that pass `range` (a condition a name index answers: a prefix
 * of the name, the kind) and `check`: batches of the range's names read from the index alone — `n`,
 * then four times the last, so that names that fail `check` (a phrase's short word inside longer
 * words) cost a few statements, not one per `n` — and only those rows read to check the rest (the
 * search words). `walked`: the names of the range read.
 */
async function firstNamed(db: DbOrTx, range: SQL, check: SQL, n: number): Promise<{ rows: PageRow[]; walked: number }> {
  const rows: PageRow[] = [];
  let walked = 0;
  for (let after: SQL | undefined, batch = n; ; batch = Math.min(batch * 4, NAMED_BATCH_MAX)) {
    const candidates = await queryRows<PageRow & { passes: boolean }>(
      db,
      sql`select c.ref, c."sortName", (select ${check} from ${entities} where ${entities.ref} = c.ref) as passes
          from (select ref, name_key as "sortName" from ${entities} where ${and(range, after)}
                order by name_key, ref limit ${batch}) c
          order by c."sortName", c.ref`,
    );
    walked += candidates.length;
    for (const { ref, sortName, passes } of candidates) if (passes && rows.length < n) rows.push({ ref, sortName });
    const last = candidates.at(-1);
    if (rows.length === n || candidates.length < batch || !last) return { rows, walked };
    after = sql`(${entities.nameKey}, ${entities.ref}) > (${last.sortName}, ${last.ref})`;
  }
}

/**
 * The first `n` entities in name order carrying one of `tags` whose name passes `onName` (a condition
 * on entity_tags' copy of it, `t.name_key`) and which pass `check`: per tag a range of entity_tags'
 * (tag, name_key, ref) key read in order. A tag like `kafka` may sit on a fifth of the catalog in names
 * that never mention it; read through the full-text index that was every one of them, a heap page each.
 */
function tagRanges(tags: string[], onName: SQL, check: SQL, n: number): SQL {
  return sql`select m.ref, m.name_key as "sortName"
    from unnest(${sqlTextArray(tags)}) as tagged(tag),
    lateral (select t.ref, t.name_key from ${entityTags} t join ${entities} on ${entities.ref} = t.ref
             where t.tag = tagged.tag and ${onName} and ${check}
             order by t.name_key, t.ref limit ${n}) m`;
}

/** The first `n` rows, in name order and each once, of tag ranges (tagRanges). */
function firstInTagRanges(db: DbOrTx, ranges: SQL[], n: number): Promise<PageRow[]> {
  return queryRows<PageRow>(
    db,
    sql`select distinct ref, "sortName" from (${sql.join(ranges, sql` union all `)}) m order by "sortName", ref limit ${n}`,
  );
}

/**
 * The tags starting with a one-word search's word as its lookup listed them (withSearchWords); null
 * when it listed none for it: more than TAGS_PER_WORD_MAX tags start with it, or the word is more than
 * one search word (`payment-service`).
 */
function listedTags(query: SearchQuery, word: string): string[] | null {
  return query.tags?.length === 1 && searchTokens(word)[0] === word ? query.tags[0] : null;
}

/**
 * The first `n` entities in name order with one of `tags` (those starting with `word`) and `byWords`,
 * whose name does not contain the word (the tiers before): entity_tags' ranges.
 */
async function firstTagged(db: DbOrTx, tags: string[], word: string, byWords: SQL, n: number): Promise<PageRow[]> {
  if (tags.length === 0) return [];
  return firstInTagRanges(db, [tagRanges(tags, not(nameContainsCondition(word, sql`t.name_key`)), byWords, n)], n);
}

/** How many names firstByName walks in order before it asks the planner how many rows match. */
const NAME_WALK_MAX = 500;

/**
 * The first `n` entities matching `where` in name order, without trusting the planner with the choice
 * it gets wrong: matches that are common overall but start late in the name order (a tag the first
 * names lack) look cheap to find by walking the name index and cost a walk of most of it. So:
 * 1. the first NAME_WALK_MAX names, filtered (a short range of the index);
 * 2. with `walkPerMatch`, when they hold fewer than `n` matches: the planner's estimate of the
 *    matches, M (from its statistics: `explain`, no rows read). Finding them all through the search
 *    indexes costs about a heap page each; walking a name costs a heap page too (walkPerMatch 1), or
 *    a tenth of that when the condition needs only the name index (walkPerMatch 10: an index-only
 *    scan once VACUUM has marked the pages visible). A walk of up to walkPerMatch × M names is tried
 *    and stops at the `n`th match: a common word clustered just past the first names (the first 750
 *    names all APIs, say) is found a few hundred names on;
 * 3. then every match is found through the search indexes and the first `n` sorted out.
 * At worst (matches clustered late) that is about twice the cost of step 3 alone; a rare word skips
 * step 2 (M is small) and a dense one ends in it.
 */
async function firstByName(db: DbOrTx, where: SQL, n: number, { walkPerMatch = 0 } = {}): Promise<PageRow[]> {
  const walkOf = (names: number) =>
    sql`select ref, name_key as "sortName" from (select * from ${entities} order by name_key, ref limit ${names}) as ${entities}
        where ${where} order by name_key, ref limit ${n}`;
  const every = sql`select ref, name_key from ${entities} where ${where}`;
  // Without step 2, steps 1 and 3 are one statement: each side runs only when its one-time
  // condition holds (the walk's rows fill the page, or they do not), so a round trip is saved.
  if (walkPerMatch === 0)
    return queryRows<PageRow>(
      db,
      sql`with walked as materialized (${walkOf(NAME_WALK_MAX)}), matches as materialized (${every})
          select ref, "sortName" from walked where (select count(*) from walked) = ${n}
          union all
          (select ref, name_key as "sortName" from matches where (select count(*) from walked) < ${n}
           order by name_key, ref limit ${n})`,
    );
  const walked = await queryRows<PageRow>(db, walkOf(NAME_WALK_MAX));
  if (walked.length === n) return walked;
  const budget = walkPerMatch * (await estimatedRows(db, where));
  if (budget > NAME_WALK_MAX) {
    const further = await queryRows<PageRow>(db, walkOf(Math.ceil(budget)));
    if (further.length === n) return further;
  }
  return queryRows<PageRow>(
    db,
    sql`with matches as materialized (${every}) select ref, name_key as "sortName" from matches order by name_key, ref limit ${n}`,
  );
}

/** The planner's estimate of the entities matching `where` (its statistics, no rows read). */
async function estimatedRows(db: DbOrTx, where: SQL): Promise<number> {
  const [row] = await queryRows<{ "QUERY PLAN": unknown }>(
    db,
    sql`explain (format json) select 1 from ${entities} where ${where}`,
  );
  const plan = typeof row?.["QUERY PLAN"] === "string" ? JSON.parse(row["QUERY PLAN"]) : row?.["QUERY PLAN"];
  const rows = Number((plan as { Plan?: { "Plan Rows"?: unknown } }[] | undefined)?.[0]?.Plan?.["Plan Rows"]);
  return Number.isFinite(rows) ? rows : 0;
}

/** Beyond this many values of a facet, a page is not read value by value (each value reads a page of rows). */
const VALUE_RANGES_MAX = 20;

/**
 * The statement for a page of entities whose kind (or owner, system, type, lifecycle) is one of
 * several values, in name order either way or newest first: per value one range of that column's
 * index in the list's order (kind, then name or update time: entity-filters.ts COLUMN_FACETS), at
 * most the page's rows from each, merged. No single index holds that order for two values: the
 * planner walks the name (or update time) index and drops every other value's entities on the way —
 * at 20,000 entities the newest APIs and systems were found after walking past 17,784 newer
 * components (22.7 ms; 0.1 ms by ranges). The first such facet with 2 to VALUE_RANGES_MAX values is
 * read so; null when there is none, for a search (its matches come from the search index) and for
 * other sorts. `after`: the keyset condition of a name-ordered page's cursor, applied in every range.
 */
export function valueRanges(query: SearchQuery, after: SQL | undefined, offset: number): SQL | null {
  const sort = sortOf(query);
  if (query.q || (sort !== "name" && sort !== "-name" && sort !== "updated")) return null;
  const facets = (sort === "updated" ? ["kind"] : Object.keys(COLUMN_FACETS)) as ColumnFacet[];
  const ranged = facets
    .map((facet) => ({ facet, values: [...new Set(facetValues(query, facet))] }))
    .find(({ values }) => values.length > 1 && values.length <= VALUE_RANGES_MAX);
  if (!ranged) return null;
  const { facet, values } = ranged;
  const order = sql.join(listOrder(query), sql`, `);
  const others = and(filterConditions({ ...query, [facet]: [] }), after) ?? sql`true`;
  // The merged rows are named "entities" so that the list's order reads their columns.
  return sql`select ref, name_key as "sortName" from (
      select m.* from unnest(${sqlTextArray(values)}) as value(v),
      lateral (select ${entities.ref}, ${entities.nameKey}, ${entities.updatedAt} from ${entities}
               where ${COLUMN_FACETS[facet]} = value.v and ${others}
               order by ${order} limit ${offset + query.limit + 1}) m
    ) as ${entities} order by ${order} limit ${query.limit + 1} offset ${offset}`;
}

/** The refs of a page, in order, and the cursor of the next one. */
async function pageOf(db: DbOrTx, query: SearchQuery): Promise<{ refs: string[]; nextCursor: string | null }> {
  const cursor = parseCursor(query.cursor);
  const sort = sortOf(query);
  const byName = sort === "name" || sort === "-name";
  // A tag's entities in name order are one range of entity_tags' key, however many carry the tag
  // (walking the name index and filtering by tag reads thousands of rows for a tag the first names lack).
  const [tag] = byName ? query.tag : [];
  const key = tag ? { name: entityTags.nameKey, ref: entityTags.ref } : { name: entities.nameKey, ref: entities.ref };
  const isKeyset = byName && cursor.after?.sort === sort;
  const after =
    isKeyset && cursor.after
      ? sort === "name"
        ? sql`(${key.name}, ${key.ref}) > (${cursor.after.name}, ${cursor.after.ref})`
        : sql`(${key.name}, ${key.ref}) < (${cursor.after.name}, ${cursor.after.ref})`
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
    : tag
      ? from.innerJoin(entityTags, and(eq(entityTags.ref, entities.ref), eq(entityTags.tag, tag)))
      : from;
  const order = tag
    ? sort === "name"
      ? [asc(key.name), asc(key.ref)]
      : [desc(key.name), desc(key.ref)]
    : listOrder(query);
  const ranges = tag || isByLevel ? null : valueRanges(query, after, isKeyset ? 0 : cursor.offset);
  const rows =
    (sort === "relevance" && query.q ? await byRelevanceTiers(db, query, cursor.offset) : null) ??
    (ranges ? await queryRows<PageRow>(db, ranges) : null) ??
    (await joined
      // The joined tag is not tested again on entities.tags: the planner would take the two tests as
      // independent, expect a handful of rows, and sort every entity that has the tag.
      .where(and(filterConditions(tag ? { ...query, tag: query.tag.slice(1) } : query), after))
      .orderBy(...order)
      .limit(query.limit + 1)
      .offset(isKeyset ? 0 : cursor.offset));
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const nextOffset = cursor.offset + query.limit;
  const nextCursor =
    rows.length <= query.limit || !last
      ? null
      : byName
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
  const { refs, nextCursor } = await pageOf(db, await withSearchWords(db, query));
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
    .where(filterConditions(await withSearchWords(db, filters)));
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

/**
 * A facet's counts as the triggers on entities keep them per kind (migration 0033), summed over
 * `kinds` (lowercase), or over every kind when it is empty.
 */
async function keptCounts(db: DbOrTx, facet: Exclude<FacetName, "level">, limit: number, kinds: string[] = []) {
  const count = sql<number>`sum(${entityFacetCounts.entities})::int`;
  const rows = await db
    .select({ value: entityFacetCounts.value, count })
    .from(entityFacetCounts)
    .where(and(eq(entityFacetCounts.facet, facet), kinds.length ? inArray(entityFacetCounts.kind, kinds) : undefined))
    .groupBy(entityFacetCounts.value)
    .orderBy(desc(count), asc(entityFacetCounts.value))
    .limit(limit);
  return [facet, rows] as const;
}

/**
 * The kinds to sum a facet's kept counts over when no filter but kind applies to it (`[]`: every
 * kind, as for a facet nothing applies to, the kind facet among them); null when another does and
 * the matching entities must be counted.
 */
function keptKinds(filters: EntityFilters, facet: Exclude<FacetName, "level">): string[] | null {
  if (filterConditions({ ...filters, kind: [] }, facet)) return null;
  return facet === "kind" ? [] : filterKinds(filters);
}

type CountedFacet = Exclude<FacetName, "level">;
type FacetRows = (readonly [FacetName, { value: string; count: number }[]])[];

/** The facets counted over the entities, in the order facetCounts returns them. */
const COUNTED_FACETS: CountedFacet[] = [...(Object.keys(FACET_COLUMNS) as CountedFacet[]), "tag"];

/**
 * Counts of `facets` over the entities matching `where`, in one scan: a grouping set per facet (a tag's
 * set groups the entities' tag lists, then counts each list's distinct tags), each facet's first
 * `limit` values by count. A scan per facet read the same rows once per facet: with a filter on
 * lifecycle at 250,000 entities, five reads of a 460 MB table side by side.
 */
async function countedFacets(db: DbOrTx, facets: CountedFacet[], where: SQL | undefined, limit: number) {
  const columnOf = (facet: CountedFacet) => (facet === "tag" ? sql`${entities.tags}` : FACET_COLUMNS[facet]);
  const grouped = sql`select ${sql.join(
    facets.map(
      (facet) =>
        sql`${columnOf(facet)} as ${sql.identifier(facet)}, grouping(${columnOf(facet)}) = 0 as ${sql.identifier(`by_${facet}`)}`,
    ),
    sql`, `,
  )}, count(*)::int as n
    from ${entities} ${where ? sql`where ${where}` : sql``}
    group by grouping sets (${sql.join(
      facets.map((facet) => sql`(${columnOf(facet)})`),
      sql`, `,
    )})`;
  const counts = facets.map((facet) => {
    const [value, by] = [sql.identifier(facet), sql.identifier(`by_${facet}`)];
    return facet === "tag"
      ? sql`select 'tag' as facet, t as value, sum(g.n)::int as n
            from g, lateral (select distinct unnest(g.${value}) as t) tags where g.${by} group by t`
      : sql`select ${facet}::text as facet, g.${value} as value, g.n from g where g.${by} and g.${value} is not null`;
  });
  const rows = await queryRows<{ facet: CountedFacet; value: string; count: number }>(
    db,
    sql`with g as (${grouped}), counts as (${sql.join(counts, sql` union all `)})
        select facet, value, n as count
        from (select counts.*, row_number() over (partition by facet order by n desc, value) as position from counts) c
        where position <= ${limit} order by facet, position`,
  );
  return facets.map(
    (facet) =>
      [facet, rows.filter((r) => r.facet === facet).map((r) => ({ value: r.value, count: Number(r.count) }))] as const,
  );
}

/**
 * Counts per facet value, each facet filtered by every other active filter (not by itself). A facet
 * no filter but kind applies to is read from entity_facet_counts; the others count the matching
 * entities: the facets not filtered themselves share one scan (countedFacets), a filtered one has its own.
 */
export async function facetCounts(db: DbOrTx, asked: EntityFilters, limit = 50): Promise<FacetCounts> {
  const filters = await withSearchWords(db, asked);
  // Levels of the chosen scorecard (none: below its first level), highest first, from each entity's stored result.
  const levelFacet = async (): Promise<FacetRows> => {
    if (!filters.scorecard) return [["level", []]];
    const where = filterConditions(filters, "level");
    const rows = await queryRows<{ value: string | null; count: number }>(
      db,
      sql`select sr.level as value, count(*)::int as count from ${entities}
          join scorecard_results sr on sr.entity_ref = ${entities.ref} and sr.scorecard = ${filters.scorecard}
          ${where ? sql`where ${where}` : sql``} group by sr.level order by max(sr.level_rank) desc limit ${limit}`,
    );
    return [["level", rows.map((r) => ({ value: r.value ?? LEVEL_NONE, count: Number(r.count) }))]];
  };
  const reads: Promise<FacetRows>[] = [levelFacet()];
  const shared: CountedFacet[] = [];
  for (const facet of COUNTED_FACETS) {
    const kinds = keptKinds(filters, facet);
    if (kinds) reads.push(keptCounts(db, facet, limit, kinds).then((read) => [read]));
    else if (filters[facet].length) reads.push(countedFacets(db, [facet], filterConditions(filters, facet), limit));
    else shared.push(facet);
  }
  if (shared.length) reads.push(countedFacets(db, shared, filterConditions(filters), limit));
  // Independent reads: on a pool they run side by side (the embedded database queues them).
  return Object.fromEntries((await Promise.all(reads)).flat()) as FacetCounts;
}

/** Display names for a set of refs (titles where the entity exists), for linking relation targets. */
export async function describeRefs(
  db: DbOrTx,
  refs: string[],
): Promise<Map<string, { title: string | null; kind: string }>> {
  const unique = [...new Set(refs)];
  if (unique.length === 0) return new Map();
  // One array parameter: drizzle builds `in ($1, …, $n)` element by element, ~5 µs each (a team's 500 relations).
  const rows = await db
    .select({ ref: entities.ref, title: entities.title, kind: entities.kind })
    .from(entities)
    .where(sql`${entities.ref} = any(${sqlTextArray(unique)})`);
  return new Map(rows.map((r) => [r.ref, { title: r.title, kind: r.kind }]));
}
