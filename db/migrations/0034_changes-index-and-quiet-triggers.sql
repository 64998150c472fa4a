-- What changed since a time, read by the scorecard refresh after each import: an index range instead of
-- the whole catalog and every edge (lib/scorecards/refresh.ts changedSince).
CREATE INDEX "entities_updated_at_idx" ON "entities" USING btree ("updated_at");--> statement-breakpoint
-- An upsert that inserts only still fires the UPDATE statement triggers, with empty transition tables;
-- their statements were planned as if the tables held rows (1–4 ms a statement, joined against
-- entity_tags). They now return at once when no row changed tags or name (entity_tags) or no row was
-- updated (the kept facet counts, 0033). What they do otherwise is unchanged.
CREATE OR REPLACE FUNCTION portolan_entity_tags_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  moved text[];
BEGIN
  IF TG_OP = 'UPDATE' THEN
    SELECT array_agg(n.ref) INTO moved FROM new_rows n JOIN old_rows o ON o.ref = n.ref
      WHERE n.tags IS DISTINCT FROM o.tags OR n.name_key IS DISTINCT FROM o.name_key;
    IF moved IS NULL THEN
      RETURN NULL;
    END IF;
    DELETE FROM entity_tags WHERE ref = ANY (moved);
    INSERT INTO entity_tags (tag, name_key, ref)
      SELECT DISTINCT tag, n.name_key, n.ref FROM new_rows n, unnest(n.tags) AS tag WHERE n.ref = ANY (moved);
  ELSE
    INSERT INTO entity_tags (tag, name_key, ref)
      SELECT DISTINCT tag, n.name_key, n.ref FROM new_rows n, unnest(n.tags) AS tag;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION portolan_entity_facets_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM portolan_count_facets(array_agg(f.facet), array_agg(r.kind), array_agg(f.value), array_agg(1))
      FROM new_rows r, portolan_facet_values(r.kind, r.spec_type, r.owner_ref, r.lifecycle, r.system_ref, r.tags) f;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM portolan_count_facets(array_agg(f.facet), array_agg(r.kind), array_agg(f.value), array_agg(-1))
      FROM old_rows r, portolan_facet_values(r.kind, r.spec_type, r.owner_ref, r.lifecycle, r.system_ref, r.tags) f;
  ELSIF EXISTS (SELECT 1 FROM new_rows) THEN
    PERFORM portolan_count_facets(array_agg(d.facet), array_agg(d.kind), array_agg(d.value), array_agg(d.n)) FROM (
      SELECT f.facet, r.kind, f.value, 1 AS n
        FROM new_rows r, portolan_facet_values(r.kind, r.spec_type, r.owner_ref, r.lifecycle, r.system_ref, r.tags) f
      UNION ALL
      SELECT f.facet, r.kind, f.value, -1
        FROM old_rows r, portolan_facet_values(r.kind, r.spec_type, r.owner_ref, r.lifecycle, r.system_ref, r.tags) f
    ) d;
  END IF;
  RETURN NULL;
END $$;
