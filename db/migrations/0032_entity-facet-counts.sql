CREATE TABLE "entity_facet_counts" (
	"facet" text NOT NULL,
	"value" text NOT NULL,
	"entities" integer NOT NULL,
	CONSTRAINT "entity_facet_counts_facet_value_pk" PRIMARY KEY("facet","value")
);
--> statement-breakpoint
-- Counts per facet value, kept by statement triggers on entities: a statement's rows give +1 (new)
-- and -1 (old) per value, summed and upserted in key order under the count rows' locks, so
-- concurrent imports add up without deadlocking. A tag counts once per entity, as the tag filter
-- matches. lib/catalog/queries.ts facetCounts reads a facet here when no other filter applies to it.
CREATE FUNCTION portolan_facet_values(kind text, type text, owner text, lifecycle text, system text, tags text[])
  RETURNS TABLE (facet text, value text) LANGUAGE sql IMMUTABLE AS $$
  SELECT f.facet, f.value FROM (VALUES ('kind', kind), ('type', type), ('owner', owner), ('lifecycle', lifecycle),
    ('system', system)) AS f(facet, value) WHERE f.value IS NOT NULL
  UNION ALL
  SELECT DISTINCT 'tag', t FROM unnest(tags) AS t
$$;
--> statement-breakpoint
CREATE FUNCTION portolan_count_facets(facets text[], vals text[], deltas int[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO entity_facet_counts AS c (facet, value, entities)
    SELECT facet, value, sum(n)::int FROM unnest(facets, vals, deltas) AS d(facet, value, n)
    GROUP BY facet, value HAVING sum(n) <> 0 ORDER BY facet, value
    ON CONFLICT (facet, value) DO UPDATE SET entities = c.entities + excluded.entities;
  DELETE FROM entity_facet_counts c USING unnest(facets, vals) AS d(facet, value)
    WHERE c.facet = d.facet AND c.value = d.value AND c.entities <= 0;
$$;
--> statement-breakpoint
CREATE FUNCTION portolan_entity_facets_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM portolan_count_facets(array_agg(f.facet), array_agg(f.value), array_agg(1))
      FROM new_rows r, portolan_facet_values(r.kind, r.spec_type, r.owner_ref, r.lifecycle, r.system_ref, r.tags) f;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM portolan_count_facets(array_agg(f.facet), array_agg(f.value), array_agg(-1))
      FROM old_rows r, portolan_facet_values(r.kind, r.spec_type, r.owner_ref, r.lifecycle, r.system_ref, r.tags) f;
  ELSE
    PERFORM portolan_count_facets(array_agg(d.facet), array_agg(d.value), array_agg(d.n)) FROM (
      SELECT f.facet, f.value, 1 AS n
        FROM new_rows r, portolan_facet_values(r.kind, r.spec_type, r.owner_ref, r.lifecycle, r.system_ref, r.tags) f
      UNION ALL
      SELECT f.facet, f.value, -1
        FROM old_rows r, portolan_facet_values(r.kind, r.spec_type, r.owner_ref, r.lifecycle, r.system_ref, r.tags) f
    ) d;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER entities_facets_added AFTER INSERT ON entities REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION portolan_entity_facets_changed();
--> statement-breakpoint
CREATE TRIGGER entities_facets_updated AFTER UPDATE ON entities REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION portolan_entity_facets_changed();
--> statement-breakpoint
CREATE TRIGGER entities_facets_removed AFTER DELETE ON entities REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION portolan_entity_facets_changed();
--> statement-breakpoint
INSERT INTO entity_facet_counts (facet, value, entities)
  SELECT f.facet, f.value, count(*)::int
  FROM entities r, portolan_facet_values(r.kind, r.spec_type, r.owner_ref, r.lifecycle, r.system_ref, r.tags) f
  GROUP BY f.facet, f.value;
