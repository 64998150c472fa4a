import { and, inArray, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { sqlList, sqlTextArray } from "@/db/client";
import { entities, entityFacetCounts } from "@/db/schema";
import { canonicalRef } from "./refs";
import type { EntityFilters, FacetName } from "./schemas";

function normaliseRefs(values: string[], defaultKind: string): string[] {
  return values.map((value) => canonicalRef(value, defaultKind) ?? value.toLowerCase());
}

/**
 * Filters with the search's words looked up (search-words.ts withSearchWords; see wordsCondition):
 * `words`, the tsquery of the catalog's whole words, or null when a search word starts none of them
 * (the full-text part of the search matches nothing; names containing a word still may); `tags`, per
 * search word (searchTokens) the catalog's tags starting with it, or null for a word more than
 * TAGS_PER_WORD_MAX tags start with (a relevance page reads a tag tier range by range from them).
 */
export type SearchFilters = EntityFilters & { words?: string | null; tags?: (string[] | null)[] };

/** Beyond this many tags starting with a search word, its tags are not listed (SearchFilters.tags). */
export const TAGS_PER_WORD_MAX = 20;

/** Turns free text into a prefix tsquery: `pay serv` matches "payment-service". */
export function toPrefixQuery(q: string): string | null {
  const tokens = searchTokens(q);
  return tokens.length > 0 ? tokens.map((t) => `${t}:*`).join(" & ") : null;
}

/** The words of free text a search matches, lowercase, at most 8: runs of letters and digits. */
export function searchTokens(q: string): string[] {
  return q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
}

/** `value` as literal text inside a LIKE pattern. */
function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Word prefixes through the full-text index, plus a substring match on the name (trigram index)
 * for a single word, so "way" finds "payment-gateway". Names hold no spaces, so a phrase skips it.
 */
export function searchCondition(q: string, words?: string | null): SQL {
  const word = q.trim().toLowerCase();
  const byName = nameContainsCondition(word);
  const byWords = wordsCondition(q, words);
  if (!byWords) return byName;
  return /\s/.test(word) || word.length < 3 ? byWords : sql`(${byWords} or ${byName})`;
}

/** Names containing `word` (already lowercase): the trigram index. `nameKey`: another table's copy of it. */
export function nameContainsCondition(word: string, nameKey: SQLWrapper = entities.nameKey): SQL {
  return sql`${nameKey} like ${`%${escapeLike(word)}%`}`;
}

/**
 * Word prefixes of name, title, tags and description through the full-text index (null: no word in
 * `q`). `words`: the same query with each word as the catalog's whole words that start with it
 * (search-words.ts), or null when one starts none (false: no statement reads the index for it);
 * without it the words are matched as prefixes, which finds the same entities slower.
 */
export function wordsCondition(q: string, words?: string | null): SQL | null {
  const tsquery = toPrefixQuery(q);
  if (!tsquery) return null;
  if (words === null) return sql`false`;
  return words
    ? sql`${entities.search} @@ ${words}::tsquery`
    : sql`${entities.search} @@ to_tsquery('simple', ${tsquery})`;
}

/**
 * Names starting with `word` (already lowercase): a range of the name index in the "C" collation.
 * `nameKey`: another lowercase text to test, as for nameContainsCondition.
 */
export function namePrefixCondition(word: string, nameKey: SQLWrapper = entities.nameKey): SQL {
  return sql`${nameKey} like ${`${escapeLike(word)}%`}`;
}

/**
 * The catalog's tags that start with `prefix` (already lowercase; a value or a column of the
 * statement): a select of one column, `tag`, from the kept facet counts (one row per tag in use).
 */
export function tagsStartingWith(prefix: string | SQL): SQL {
  return sql`select distinct ${entityFacetCounts.value} as tag from ${entityFacetCounts}
    where ${entityFacetCounts.facet} = 'tag' and starts_with(${entityFacetCounts.value} collate "C", ${prefix})`;
}

/**
 * Entities with a tag starting with `word` (already lowercase), through the GIN index on tags: `tags`,
 * the tags that do as the search's lookup listed them (withSearchWords), written out; without them,
 * looked up once a statement.
 */
export function tagPrefixCondition(word: string, tags?: string[]): SQL {
  return sql`${entities.tags} && ${tags ? sqlTextArray(tags) : sql`array(${tagsStartingWith(word)})`}`;
}

/**
 * Relevance without ts_rank (which reads every match's tsvector and dominated broad searches):
 * the name equals the query, then starts with it, then contains it, then a tag starts with it, then
 * a match elsewhere (title, description, a later word of a tag). A phrase: names starting with its
 * first word and containing the others (phraseNameCondition), then every other match. Ties are
 * broken by name.
 */
export function searchRank(q: string): SQL | null {
  if (/\s/.test(q.trim())) {
    const tokens = searchTokens(q);
    const named = phraseNameCondition(tokens);
    const tagged = phraseTagCondition(tokens);
    return named && tagged ? sql`(case when ${named} then 0 when ${tagged} then 1 else 2 end)` : null;
  }
  const lower = q.trim().toLowerCase();
  return sql`(case when ${entities.nameKey} = ${lower} then 0 when ${namePrefixCondition(lower)} then 1 when ${nameContainsCondition(lower)} then 2 when ${tagPrefixCondition(lower)} then 3 else 4 end)`;
}

/**
 * Names containing each of `words` (already lowercase; true for none). strpos, not LIKE: the planner
 * walks a range of a name index with it rather than reading every name the trigram index offers.
 */
export function nameHoldsEvery(words: string[], nameKey: SQLWrapper = entities.nameKey): SQL {
  return and(...words.map((w) => sql`strpos(${nameKey}, ${w}) > 0`)) ?? sql`true`;
}

/**
 * Names that start with a phrase's first word and contain each of its other words (`payment-service-7`
 * for "payment service"): the phrase's first tier (searchRank). Null for a phrase without words.
 */
export function phraseNameCondition(tokens: string[]): SQL | null {
  const [first, ...others] = tokens;
  return first ? sql`(${namePrefixCondition(first)} and ${nameHoldsEvery(others)})` : null;
}

/** A phrase's words without its `i`th. */
export function othersThan(tokens: string[], i: number): string[] {
  return tokens.filter((_, j) => j !== i);
}

/**
 * A tag starting with one of a phrase's words, and a name containing each of the others (`kafka api`:
 * `billing-api-12` tagged kafka): the phrase's second tier (searchRank). `tagLists`: the tags starting
 * with each word, when all were looked up (queries.ts firstOfPhrase): written out instead of looked up
 * per statement, and a word no tag starts with left out. Null when no word can match a tag.
 */
export function phraseTagCondition(tokens: string[], tagLists?: string[][]): SQL | null {
  const perWord = tokens.flatMap((word, i) => {
    const tags = tagLists?.[i];
    return tags?.length === 0 ? [] : [and(tagPrefixCondition(word, tags), nameHoldsEvery(othersThan(tokens, i)))];
  });
  return perWord.length ? sql`(${or(...perWord)})` : null;
}

/** The level stored for `scorecard` as `none` when an entity is below the first level. */
export const LEVEL_NONE = "none";

/**
 * Entities `scorecard` applies to (those with a stored result), at one of `levels` when given: a
 * semi-join over scorecard_results' primary key (scorecard, entity_ref). No index of its own: each
 * refresh writes every row, and one scorecard's rows are one range of the key.
 */
function scorecardCondition(scorecard: string, levels: string[]): SQL {
  const named = levels.filter((l) => l !== LEVEL_NONE);
  const level = levels.length
    ? sql`and (${
        named.length ? sql`sr.level in (${sqlList(named)})` : sql`false`
      }${levels.includes(LEVEL_NONE) ? sql` or sr.level is null` : sql``})`
    : sql``;
  return sql`exists (select 1 from scorecard_results sr where sr.scorecard = ${scorecard} and sr.entity_ref = ${entities.ref} ${level})`;
}

/** The kinds a filter set keeps, as entities.kind holds them (lowercase); none: every kind. */
export function filterKinds(filters: EntityFilters): string[] {
  return filters.kind.map((v) => v.toLowerCase());
}

/**
 * The facets kept in a column of entities with an index on (column, name_key, ref) — kind's also on
 * (kind, updated_at desc nulls first, ref) — in the order a page picks one to read value by value
 * (queries.ts valueRanges).
 */
export const COLUMN_FACETS = {
  kind: entities.kind,
  owner: entities.ownerRef,
  system: entities.systemRef,
  type: entities.specType,
  lifecycle: entities.lifecycle,
} as const;
export type ColumnFacet = keyof typeof COLUMN_FACETS;

/** A column facet's filter values as its column holds them: kinds lowercase, owners and systems as full refs. */
export function facetValues(filters: EntityFilters, facet: ColumnFacet): string[] {
  if (facet === "kind") return filterKinds(filters);
  if (facet === "owner") return normaliseRefs(filters.owner, "group");
  if (facet === "system") return normaliseRefs(filters.system, "system");
  return filters[facet];
}

/** The WHERE conditions for a filter set; `except` leaves one facet out, for facet counts. */
export function filterConditions(filters: SearchFilters, except?: FacetName): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  for (const [facet, column] of Object.entries(COLUMN_FACETS) as [ColumnFacet, SQLWrapper][])
    if (filters[facet].length && except !== facet) conditions.push(inArray(column, facetValues(filters, facet)));
  const namespaces = filters.namespace.map((v) => v.toLowerCase());
  if (namespaces.length) conditions.push(inArray(entities.namespace, namespaces));
  if (filters.tag.length && except !== "tag") {
    conditions.push(sql`${entities.tags} @> ${sql.param(filters.tag)}::text[]`);
  }
  if (filters.scorecard)
    conditions.push(scorecardCondition(filters.scorecard, except === "level" ? [] : filters.level));
  if (filters.q) conditions.push(searchCondition(filters.q, filters.words));
  return conditions.length ? and(...conditions) : undefined;
}
