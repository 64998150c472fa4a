// A search's words as the catalog's whole words (search_words, kept by triggers on entities, migration
// 0036). The full-text index answers a prefix (`pay:*`) by gathering the entities of every word that
// starts with it into a bitmap before it can intersect with the other words: 12-18 ms for two common
// words at 250,000 entities. The same words as whole lexemes (`payment & service`) are merged by the
// index as it reads them: 1-3 ms. A word that starts more than WORDS_PER_PREFIX_MAX of the catalog's
// words (`a`) stays a prefix, and so does one of digits alone, since numbers are not kept (the trigger
// leaves them out). A word of letters that starts none matches nothing, and the search skips the index.
import { sql } from "drizzle-orm";
import { queryRows, sqlTextArray, type Db, type DbOrTx } from "@/db/client";
import { entities, searchWords } from "@/db/schema";
import { searchTokens, tagsStartingWith, TAGS_PER_WORD_MAX, type SearchFilters } from "./entity-filters";

/** Beyond this many catalog words starting with a search word, it is matched as a prefix. */
export const WORDS_PER_PREFIX_MAX = 32;

/** Numbers are not kept in search_words (migration 0036): a word of digits alone is matched as a prefix. */
const DIGITS = /^[0-9]+$/;

/** A lexeme as a tsquery literal: quoted, its quotes doubled and backslashes escaped (no parsing, no normalising). */
export function tsqueryLexeme(word: string): string {
  return `'${word.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

/**
 * A word of letters alone that starts none of the catalog's words matches nothing in the search
 * vectors: search_words holds every lexeme but numbers and hyphenated compounds, and such a word
 * that started a compound would start its first part. (Hosts, paths and words with digits are left
 * to the index: the parser's tokens of them are not all kept.)
 */
const LETTERS = /^[a-z]+$/;

/**
 * The tsquery text for a search: per word (`prefix`, as the database lowercases it), its catalog
 * words OR-ed when there are some and at most WORDS_PER_PREFIX_MAX, else the prefix; all required.
 * Null when a word of letters starts no catalog word: the words match nothing (see LETTERS).
 */
export function wordsQuery(words: { prefix: string; words: string[] }[]): string | null {
  if (words.some(({ prefix, words: whole }) => whole.length === 0 && LETTERS.test(prefix))) return null;
  return words
    .map(({ prefix, words: whole }) =>
      whole.length > 0 && whole.length <= WORDS_PER_PREFIX_MAX && !DIGITS.test(prefix)
        ? `(${whole.map(tsqueryLexeme).join(" | ")})`
        : `${tsqueryLexeme(prefix)}:*`,
    )
    .join(" & ");
}

/**
 * `filters` with the tsquery of its search's whole words (`words`, see wordsCondition) and each search
 * word's tags (`tags`), looked up in one statement; unchanged without a search. A word or tag added by
 * an import committed after this lookup and before the search is matched from the next search on.
 */
export async function withSearchWords<T extends SearchFilters>(db: DbOrTx, filters: T): Promise<T & SearchFilters> {
  const tokens = filters.q ? searchTokens(filters.q) : [];
  if (tokens.length === 0) return filters;
  const rows = await queryRows<{ prefix: string; words: string[]; tags: string[] }>(
    db,
    // The words starting with the prefix: a range of the key in the "C" collation (a LIKE pattern
    // that is not a constant would read the whole table). The tags: a few hundred rows of the kept counts.
    sql`select t.prefix,
          array(select w.word from ${searchWords} w
                where w.word >= t.prefix and w.word < t.prefix || chr(1114111) and starts_with(w.word, t.prefix)
                order by w.word limit ${WORDS_PER_PREFIX_MAX + 1}) as words,
          array(select tag from (${tagsStartingWith(sql`t.prefix`)}) c order by tag limit ${TAGS_PER_WORD_MAX + 1}) as tags
        from (select lower(token) collate "C" as prefix, position
              from unnest(${sqlTextArray(tokens)}) with ordinality as u(token, position)) t
        order by t.position`,
  );
  return {
    ...filters,
    words: wordsQuery(rows),
    tags: rows.map((r) => (r.tags.length > TAGS_PER_WORD_MAX ? null : r.tags)),
  };
}

/**
 * Removes the words no entity holds any more (a description rewritten, an entity or location deleted):
 * the triggers only add, so without this a word, and anything a descriptor once said in it, would stay
 * in search_words after the catalog dropped it. Each word is one probe of the full-text index, with the
 * word quoted as a search quotes it (tsqueryLexeme). Returns how many were removed.
 *
 * It locks search_words against the triggers' inserts first (SHARE ROW EXCLUSIVE conflicts with the
 * ROW EXCLUSIVE every insert takes until its transaction ends). Without that, an import that wrote an
 * entity holding an unheld word while the delete ran would find the word present (its insert does
 * nothing), and the delete, blind to the uncommitted entity, would remove it: a word the catalog holds,
 * lost until that entity is written again. With it the delete waits for writers in flight, and its
 * snapshot, taken after the lock, sees their entities; writers wait for the prune to commit.
 */
export async function pruneSearchWords(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`lock table ${searchWords} in share row exclusive mode`);
    const words = (await queryRows<{ word: string }>(tx, sql`select word from ${searchWords}`)).map((r) => r.word);
    if (words.length === 0) return 0;
    const removed = await queryRows<{ word: string }>(
      tx,
      sql`delete from ${searchWords} w
          using unnest(${sqlTextArray(words)}, ${sqlTextArray(words.map(tsqueryLexeme))}) as held(word, query)
          where w.word = held.word
            and not exists (select 1 from ${entities} e where e.search @@ held.query::tsquery)
          returning w.word`,
    );
    return removed.length;
  });
}
