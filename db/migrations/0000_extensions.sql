-- Trigram matching for search-as-you-type on names.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- array_to_string is only STABLE; tags are plain text so joining them is immutable in practice,
-- which a generated tsvector column requires.
CREATE OR REPLACE FUNCTION portolan_tags_text(tags text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce(array_to_string(tags, ' '), '') $$;
