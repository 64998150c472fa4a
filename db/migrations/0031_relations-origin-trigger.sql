ALTER TABLE "relations" DROP CONSTRAINT "relations_origin_ref_entities_ref_fk";
--> statement-breakpoint
-- An entity's edges go with it (what the foreign key's ON DELETE CASCADE did), one statement per
-- statement that removed entities, however it removed them (an import's stale entities, a location's
-- cascade).
CREATE FUNCTION portolan_entities_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM relations WHERE origin_ref IN (SELECT ref FROM old_rows);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER entities_removed AFTER DELETE ON entities REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION portolan_entities_removed();
--> statement-breakpoint
-- Edges whose origin is already gone (none while the key held; cheap to make sure).
DELETE FROM relations r WHERE NOT EXISTS (SELECT 1 FROM entities e WHERE e.ref = r.origin_ref);
