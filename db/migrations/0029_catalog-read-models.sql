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
-- builds the same text when a source has more than 256 edges and no list is kept). Statement triggers
-- on relations keep the counts and lists: counts change under the row's lock (so concurrent imports
-- add up), and each list is rebuilt by a later statement, whose snapshot sees every edge committed
-- before that lock was granted.
CREATE FUNCTION portolan_relations_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  sources text[];
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    SELECT array_agg(DISTINCT source_ref ORDER BY source_ref) INTO sources FROM old_edges;
    PERFORM 1 FROM relation_lists WHERE source_ref = ANY (sources) ORDER BY source_ref FOR UPDATE;
    UPDATE relation_lists rl SET edges = rl.edges - g.n
      FROM (SELECT source_ref, count(*)::int AS n FROM old_edges GROUP BY source_ref) g
      WHERE rl.source_ref = g.source_ref;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO relation_lists AS rl (source_ref, edges)
      SELECT source_ref, count(*)::int FROM new_edges GROUP BY source_ref ORDER BY source_ref
      ON CONFLICT (source_ref) DO UPDATE SET edges = rl.edges + excluded.edges;
    sources := sources || ARRAY(SELECT DISTINCT source_ref FROM new_edges);
  END IF;
  UPDATE relation_lists rl SET list = CASE WHEN rl.edges <= 256 THEN (SELECT string_agg('{"type":' || to_json(r.type)::text || ',"targetRef":' || to_json(r.target_ref)::text || '}', ','
        ORDER BY r.type COLLATE "C", r.target_ref COLLATE "C")
      FROM (SELECT DISTINCT type, target_ref FROM relations WHERE source_ref = rl.source_ref) r) END
    WHERE rl.source_ref = ANY (sources);
  DELETE FROM relation_lists WHERE source_ref = ANY (sources) AND edges <= 0;
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
INSERT INTO relation_lists (source_ref, edges) SELECT source_ref, count(*)::int FROM relations GROUP BY source_ref;
--> statement-breakpoint
UPDATE relation_lists rl SET list = CASE WHEN rl.edges <= 256 THEN (SELECT string_agg('{"type":' || to_json(r.type)::text || ',"targetRef":' || to_json(r.target_ref)::text || '}', ','
        ORDER BY r.type COLLATE "C", r.target_ref COLLATE "C")
      FROM (SELECT DISTINCT type, target_ref FROM relations WHERE source_ref = rl.source_ref) r) END;
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
