CREATE TABLE "entity_tags" (
	"tag" text NOT NULL,
	"name_key" text COLLATE "C" NOT NULL,
	"ref" text NOT NULL,
	CONSTRAINT "entity_tags_tag_name_key_ref_pk" PRIMARY KEY("tag","name_key","ref")
);
--> statement-breakpoint
CREATE TABLE "relation_lists" (
	"source_ref" text PRIMARY KEY NOT NULL,
	"edges" integer NOT NULL,
	"list" text
);
--> statement-breakpoint
ALTER TABLE "entities" ADD COLUMN "descriptor_json" text GENERATED ALWAYS AS (ltrim(coalesce(',"apiVersion":' || (body -> 'apiVersion')::text, '')
  || coalesce(',"kind":' || (body -> 'kind')::text, '')
  || coalesce(',"metadata":' || (body -> 'metadata')::text, '')
  || case when coalesce(body -> 'spec', 'null') not in ('null', 'false', '0', '""') then ',"spec":' || (body -> 'spec')::text else '' end
  || coalesce(',' || nullif(substr((body - '{apiVersion,kind,metadata,spec,relations,ref,source}'::text[])::text, 2, length((body - '{apiVersion,kind,metadata,spec,relations,ref,source}'::text[])::text) - 2), ''), ''), ',')) STORED;--> statement-breakpoint
ALTER TABLE "entity_tags" ADD CONSTRAINT "entity_tags_ref_entities_ref_fk" FOREIGN KEY ("ref") REFERENCES "public"."entities"("ref") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "entity_tags_ref_idx" ON "entity_tags" USING btree ("ref");--> statement-breakpoint
-- relation_lists: each relation source's edges as the API lists them (lib/catalog/queries.ts viewsJson
-- aggregates them itself while a list is null). Statement triggers on relations keep the counts under
-- the row's lock, so concurrent imports add up. A source that had no edges before the statement gets
-- its list from the statement's own rows at once (cheap: no other edge of it exists); any other touched
-- source's list is set to null, and lib/catalog/relation-lists.ts rebuilds those after the writes pause
-- (locking the rows first, so a list is never built from a snapshot older than its count).
CREATE FUNCTION portolan_relations_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  created text[];
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    PERFORM 1 FROM relation_lists WHERE source_ref IN (SELECT source_ref FROM old_edges) ORDER BY source_ref FOR UPDATE;
    UPDATE relation_lists rl SET edges = rl.edges - g.n, list = NULL
      FROM (SELECT source_ref, count(*)::int AS n FROM old_edges GROUP BY source_ref) g
      WHERE rl.source_ref = g.source_ref;
    DELETE FROM relation_lists WHERE edges <= 0 AND source_ref IN (SELECT source_ref FROM old_edges);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    WITH counted AS (
      INSERT INTO relation_lists AS rl (source_ref, edges)
        SELECT source_ref, count(*)::int FROM new_edges GROUP BY source_ref ORDER BY source_ref
        ON CONFLICT (source_ref) DO UPDATE SET edges = rl.edges + excluded.edges, list = NULL
        RETURNING rl.source_ref, rl.edges, rl.xmax = 0 AS inserted)
    SELECT array_agg(source_ref) INTO created FROM counted WHERE inserted AND edges <= 256;
    UPDATE relation_lists rl SET list = fresh.list
      FROM (SELECT e.source_ref, string_agg('{"type":' || to_json(e.type)::text || ',"targetRef":' || to_json(e.target_ref)::text || '}', ','
          ORDER BY e.type COLLATE "C", e.target_ref COLLATE "C") AS list
            FROM (SELECT DISTINCT n.source_ref, n.type, n.target_ref FROM new_edges n
                  JOIN unnest(created) AS c(source_ref) ON c.source_ref = n.source_ref) e
            GROUP BY e.source_ref) fresh
      WHERE rl.source_ref = fresh.source_ref;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER relations_added AFTER INSERT ON relations REFERENCING NEW TABLE AS new_edges
  FOR EACH STATEMENT EXECUTE FUNCTION portolan_relations_changed();
--> statement-breakpoint
CREATE TRIGGER relations_removed AFTER DELETE ON relations REFERENCING OLD TABLE AS old_edges
  FOR EACH STATEMENT EXECUTE FUNCTION portolan_relations_changed();
--> statement-breakpoint
CREATE TRIGGER relations_updated AFTER UPDATE ON relations REFERENCING OLD TABLE AS old_edges NEW TABLE AS new_edges
  FOR EACH STATEMENT EXECUTE FUNCTION portolan_relations_changed();
--> statement-breakpoint
INSERT INTO relation_lists (source_ref, edges, list)
  SELECT source_ref, edges, CASE WHEN edges <= 256 THEN list END
  FROM (SELECT r.source_ref, count(*)::int AS edges,
          (SELECT string_agg('{"type":' || to_json(e.type)::text || ',"targetRef":' || to_json(e.target_ref)::text || '}', ','
          ORDER BY e.type COLLATE "C", e.target_ref COLLATE "C") FROM (SELECT DISTINCT type, target_ref FROM relations WHERE source_ref = r.source_ref) e) AS list
        FROM relations r GROUP BY r.source_ref) counted;
--> statement-breakpoint
CREATE INDEX relation_lists_stale_idx ON relation_lists (source_ref) WHERE list IS NULL AND edges <= 256;
--> statement-breakpoint
-- entity_tags: one row per tag of each entity with its name key (a tag's page in name order is one index
-- range). Written for new entities and for updates that change tags or the name; deleted with the entity.
CREATE FUNCTION portolan_entity_tags_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM entity_tags t USING old_rows o JOIN new_rows n ON n.ref = o.ref
      WHERE t.ref = o.ref AND (n.tags IS DISTINCT FROM o.tags OR n.name_key IS DISTINCT FROM o.name_key);
    INSERT INTO entity_tags (tag, name_key, ref)
      SELECT DISTINCT tag, n.name_key, n.ref FROM new_rows n JOIN old_rows o ON o.ref = n.ref, unnest(n.tags) AS tag
      WHERE n.tags IS DISTINCT FROM o.tags OR n.name_key IS DISTINCT FROM o.name_key;
  ELSE
    INSERT INTO entity_tags (tag, name_key, ref)
      SELECT DISTINCT tag, n.name_key, n.ref FROM new_rows n, unnest(n.tags) AS tag;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER entities_tags_added AFTER INSERT ON entities REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION portolan_entity_tags_changed();
--> statement-breakpoint
CREATE TRIGGER entities_tags_updated AFTER UPDATE ON entities REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION portolan_entity_tags_changed();
--> statement-breakpoint
INSERT INTO entity_tags (tag, name_key, ref) SELECT DISTINCT tag, e.name_key, e.ref FROM entities e, unnest(e.tags) AS tag;
