-- The kept facet counts (0032) get a kind: how many entities of each kind have each facet value.
-- facetCounts reads a facet that only the kind filter applies to (the catalog's commonest filter) as
-- the sum over the kinds filtered by, and an unfiltered facet as the sum over every kind. Dropped and
-- rebuilt from entities in this transaction: DROP TRIGGER holds writes to entities until it commits.
DROP TRIGGER entities_facets_added ON entities;
--> statement-breakpoint
DROP TRIGGER entities_facets_updated ON entities;
--> statement-breakpoint
DROP TRIGGER entities_facets_removed ON entities;
--> statement-breakpoint
DROP FUNCTION portolan_entity_facets_changed();
--> statement-breakpoint
DROP FUNCTION portolan_count_facets(text[], text[], int[]);
--> statement-breakpoint
DROP TABLE entity_facet_counts;
--> statement-breakpoint
CREATE TABLE "entity_facet_counts" (
	"facet" text NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"entities" integer NOT NULL,
	CONSTRAINT "entity_facet_counts_facet_kind_value_pk" PRIMARY KEY("facet","kind","value")
);
--> statement-breakpoint
-- As in 0032: a statement's rows give +1 (new) and -1 (old) per (facet, kind, value), summed and
-- upserted in key order under the count rows' locks, so concurrent imports add up without
-- deadlocking; a row at 0 goes. An entity whose kind changes moves its values from the old kind to
-- the new. portolan_facet_values (0032) still gives an entity's facet values, a tag once.
CREATE FUNCTION portolan_count_facets(facets text[], kinds text[], vals text[], deltas int[]) RETURNS void
  LANGUAGE sql AS $$
  INSERT INTO entity_facet_counts AS c (facet, kind, value, entities)
    SELECT facet, kind, value, sum(n)::int FROM unnest(facets, kinds, vals, deltas) AS d(facet, kind, value, n)
    GROUP BY facet, kind, value HAVING sum(n) <> 0 ORDER BY facet, kind, value
    ON CONFLICT (facet, kind, value) DO UPDATE SET entities = c.entities + excluded.entities;
  DELETE FROM entity_facet_counts c USING unnest(facets, kinds, vals) AS d(facet, kind, value)
    WHERE c.facet = d.facet AND c.kind = d.kind AND c.value = d.value AND c.entities <= 0;
$$;
--> statement-breakpoint
CREATE FUNCTION portolan_entity_facets_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM portolan_count_facets(array_agg(f.facet), array_agg(r.kind), array_agg(f.value), array_agg(1))
      FROM new_rows r, portolan_facet_values(r.kind, r.spec_type, r.owner_ref, r.lifecycle, r.system_ref, r.tags) f;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM portolan_count_facets(array_agg(f.facet), array_agg(r.kind), array_agg(f.value), array_agg(-1))
      FROM old_rows r, portolan_facet_values(r.kind, r.spec_type, r.owner_ref, r.lifecycle, r.system_ref, r.tags) f;
  ELSE
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
INSERT INTO entity_facet_counts (facet, kind, value, entities)
  SELECT f.facet, r.kind, f.value, count(*)::int
  FROM entities r, portolan_facet_values(r.kind, r.spec_type, r.owner_ref, r.lifecycle, r.system_ref, r.tags) f
  GROUP BY f.facet, r.kind, f.value;
