-- No index of relations.origin_ref: 55 MB at 250,000 entities (2.5 million edges) that every edge wrote
-- to. Inserting 221,580 edges in random order took 2.2–2.9 s with it and 1.6–2.0 s without; an import
-- writes each slice's origins side by side, so there it made no difference to measure (20k in-process
-- import, Postgres CPU 6.8–7.1 s either way). An edge's
-- origin is always its source or its target (lib/catalog/derive-relations.ts adds each edge from the
-- entity or to it), so an entity's own edges are found through the source and target indexes.
DROP INDEX "relations_origin_idx";
--> statement-breakpoint
CREATE OR REPLACE FUNCTION portolan_entities_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM relations r USING old_rows o WHERE r.source_ref = o.ref AND r.origin_ref = o.ref;
  DELETE FROM relations r USING old_rows o WHERE r.target_ref = o.ref AND r.origin_ref = o.ref;
  RETURN NULL;
END $$;
