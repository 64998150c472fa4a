-- The catalog's search words (lib/catalog/search-words.ts): every lexeme of entities.search, so a search
-- word is matched as the whole words that start with it. A prefix (`pay:*`) makes the full-text index
-- gather every matching entry's entities into a bitmap before it can intersect: 12-18 ms for two common
-- words at 250,000 entities, against 1-3 ms for the same words as whole lexemes. Kept by statement
-- triggers on entities; a hyphenated word (`payment-service`) is left out, since the parser always
-- emits its parts as words too, and so is a number (a search for digits stays a prefix: the numbers in
-- names would be most of the table, one new row per entity). The triggers only add: the hourly
-- `search-words-prune` job (lib/catalog/jobs.ts) removes the words no entity holds any more.
CREATE TABLE "search_words" (
	"word" text COLLATE "C" PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE FUNCTION portolan_search_words_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- In key order, so imports adding the same new words at once wait for each other rather than deadlock.
  INSERT INTO search_words (word)
    SELECT DISTINCT w FROM new_rows n, unnest(tsvector_to_array(n.search)) AS w
      WHERE w !~ '^[[:alnum:]]+(-[[:alnum:]]+)+$' AND w !~ '^[0-9]+$'
      ORDER BY w
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER entities_search_words_added AFTER INSERT ON entities
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portolan_search_words_added();
--> statement-breakpoint
CREATE TRIGGER entities_search_words_updated AFTER UPDATE ON entities
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portolan_search_words_added();
--> statement-breakpoint
INSERT INTO search_words (word)
  SELECT word FROM ts_stat('SELECT search FROM entities')
    WHERE word !~ '^[[:alnum:]]+(-[[:alnum:]]+)+$' AND word !~ '^[0-9]+$'
  ON CONFLICT DO NOTHING;
