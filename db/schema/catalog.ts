import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { customType } from "drizzle-orm/pg-core";

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/** Where a location's descriptors come from; decides who may replace it (lib/catalog/location-rules.ts). */
export const LOCATION_SOURCES = ["api", "file", "seed", "github"] as const;
export type LocationSource = (typeof LOCATION_SOURCES)[number];
export const LOCATION_OWNER_KINDS = ["user", "token", "system"] as const;
export type LocationOwnerKind = (typeof LOCATION_OWNER_KINDS)[number];

/** A source of entities: an API import location, a file, a GitHub repo, the demo seed. */
export const locations = pgTable("locations", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  target: text("target").notNull(),
  source: text("source").$type<LocationSource>().notNull().default("api"),
  /** Who created it: a user (id), an API token (id) or the system (its name). Null: created before owners were recorded. */
  ownerKind: text("owner_kind").$type<LocationOwnerKind>(),
  ownerId: text("owner_id"),
  /** The owner's login, token name or system name when it was created, for messages and the UI. */
  ownerName: text("owner_name"),
  /**
   * True when an admin or the system wrote its current content (GitHub: only the organisation's
   * teams). Authorization (group membership, catalog users allowed to sign in) reads only these.
   */
  trusted: boolean("trusted").notNull().default(false),
  /** Who wrote the current content (`user:x`, `token:y`, `system:z`). */
  lastImportedBy: text("last_imported_by"),
  /** The import holding this location while it writes in several transactions, and its last sign of life. */
  importId: text("import_id"),
  importHeartbeatAt: timestamp("import_heartbeat_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  lastImportedAt: timestamp("last_imported_at", { withTimezone: true }),
  entityCount: integer("entity_count").notNull().default(0),
  /** Per-document errors of the last import, so ingestion problems stay visible. */
  lastErrors: jsonb("last_errors").$type<{ index: number; field: string; message: string }[]>().notNull().default([]),
});

/** Keys the API's view of an entity sets itself; the descriptor's other keys follow spec in its JSON. */
const VIEW_KEYS = "'{apiVersion,kind,metadata,spec,relations,ref,source}'::text[]";
const rest = `(body - ${VIEW_KEYS})::text`;
/** Immutable SQL (a stored generated column) for `entities.descriptor_json`. */
const DESCRIPTOR_MEMBERS = `ltrim(coalesce(',"apiVersion":' || (body -> 'apiVersion')::text, '')
  || coalesce(',"kind":' || (body -> 'kind')::text, '')
  || coalesce(',"metadata":' || (body -> 'metadata')::text, '')
  || case when coalesce(body -> 'spec', 'null') not in ('null', 'false', '0', '""') then ',"spec":' || (body -> 'spec')::text else '' end
  || coalesce(',' || nullif(substr(${rest}, 2, length(${rest}) - 2), ''), ''), ',')`;

export const entities = pgTable(
  "entities",
  {
    /** Canonical lowercase `kind:namespace/name`. */
    ref: text("ref").primaryKey(),
    kind: text("kind").notNull(),
    namespace: text("namespace").notNull(),
    name: text("name").notNull(),
    /** lower(name) in the "C" collation (set in the migration): sorting and matching it is cheap. */
    nameKey: text("name_key").generatedAlwaysAs(sql`lower(name)`),
    title: text("title"),
    description: text("description"),
    specType: text("spec_type"),
    lifecycle: text("lifecycle"),
    ownerRef: text("owner_ref"),
    systemRef: text("system_ref"),
    tags: text("tags")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** The descriptor as written (plus nothing): what the API returns. */
    body: jsonb("body").$type<Record<string, unknown>>().notNull(),
    hash: text("hash").notNull(),
    locationId: text("location_id")
      .notNull()
      .references(() => locations.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * The descriptor as the API writes it — apiVersion, kind, metadata, spec (left out when empty), then
     * the rest — as JSON object members without the braces; the database keeps it in step with `body`.
     * A page of the list reads it as it is (lib/catalog/queries.ts viewsJson).
     */
    descriptorJson: text("descriptor_json").generatedAlwaysAs(sql`${sql.raw(DESCRIPTOR_MEMBERS)}`),
    search: tsvector("search").generatedAlwaysAs(
      sql`setweight(to_tsvector('simple', coalesce(name, '') || ' ' || coalesce(title, '')), 'A') || setweight(to_tsvector('simple', portolan_tags_text(tags)), 'B') || setweight(to_tsvector('simple', coalesce(description, '')), 'C')`,
    ),
  },
  (t) => [
    index("entities_search_idx").using("gin", t.search),
    index("entities_name_key_trgm_idx").using("gin", sql`${t.nameKey} gin_trgm_ops`),
    index("entities_name_key_idx").on(t.nameKey, t.ref),
    // A kind's entities in name order. The migration (0037) adds INCLUDE (lifecycle, spec_type), which
    // drizzle cannot say: filtering by them too is an index-only walk, no heap page per name skipped.
    index("entities_kind_name_key_idx").on(t.kind, t.nameKey, t.ref),
    // With the name sort the list uses: a page of one owner's (or system's) entities is an index range.
    index("entities_owner_name_key_idx").on(t.ownerRef, t.nameKey, t.ref),
    index("entities_system_name_key_idx").on(t.systemRef, t.nameKey, t.ref),
    // So are a type's and a lifecycle's, wherever in the name order they sit (websites whose names
    // all come late were a walk of 8,000 names). The migration (0039) adds INCLUDE (lifecycle) and
    // INCLUDE (spec_type): filtering by the other as well stays in the index.
    index("entities_type_name_key_idx").on(t.specType, t.nameKey, t.ref),
    index("entities_lifecycle_name_key_idx").on(t.lifecycle, t.nameKey, t.ref),
    index("entities_location_idx").on(t.locationId),
    index("entities_tags_idx").using("gin", t.tags),
    // What changed since a time (the scorecard refresh after each import, lib/scorecards/refresh.ts):
    // without it, every refresh read the whole catalog and every edge.
    index("entities_updated_at_idx").on(t.updatedAt),
    // The newest of a kind (`sort=updated&kind=api`), in the list's order: a range read from its start.
    // With the index above alone a page of APIs walked back through every newer component (250,000
    // entities: 222,000 rows filtered out, 370 ms).
    index("entities_kind_updated_at_idx").on(t.kind, t.updatedAt.desc().nullsFirst(), t.ref),
  ],
);

export const relations = pgTable(
  "relations",
  {
    sourceRef: text("source_ref").notNull(),
    type: text("type").notNull(),
    targetRef: text("target_ref").notNull(),
    /**
     * The entity whose descriptor produced this edge, always its source or its target (derive-relations.ts
     * adds each edge from the entity or to it); removing the entity removes the edge — by a statement
     * trigger on entities (migrations 0031, 0038), not a foreign key, whose check per inserted edge was
     * a quarter of an import's edge writes. Edges are written only beside their origin's upsert, in
     * its transaction (import-steps.ts writeEntities).
     */
    originRef: text("origin_ref").notNull(),
  },
  // No four-column primary key: it was the most expensive index of an import (a wide unique key per
  // edge) and no query read it whole. Edges are distinct by construction (import-steps.ts
  // writeEntities), and readers ask by source and type or by target. No index of the origin either
  // (migration 0038): an entity's own edges are those from it or to it with it as origin
  // (import-steps.ts edgesOriginatedBy), found through the other two; the third index was 55 MB at
  // 250,000 entities.
  (t) => [index("relations_source_type_idx").on(t.sourceRef, t.type), index("relations_target_idx").on(t.targetRef)],
);

/**
 * Each relation source's edges as the API lists them — `{"type":…,"targetRef":…}` objects, distinct,
 * sorted by type then target in the "C" collation, comma-separated — kept by statement triggers on
 * `relations` (migration 0029), so a page of entities reads one row per entity instead of aggregating
 * its edges. `edges` counts the source's rows in `relations`. The triggers list a new source's edges
 * at once when it has at most RELATION_LIST_AT_ONCE_MAX; any other change sets the list to null, and
 * the rebuild after the writes pause (lib/catalog/relation-lists.ts) lists every source with at most
 * RELATION_LIST_MAX edges, a team that owns thousands of entities included. Null: the reader
 * aggregates. A source without edges has no row.
 */
export const relationLists = pgTable("relation_lists", {
  sourceRef: text("source_ref").primaryKey(),
  edges: integer("edges").notNull(),
  list: text("list"),
});
/** The most edges of a new source the triggers list at once (the value in the trigger, migrations 0029 and 0035). */
export const RELATION_LIST_AT_ONCE_MAX = 256;
/**
 * The most edges a source may have for the rebuild to keep its list (~70 bytes an edge: 3.5 MB of
 * text). A page that lists a source with more aggregates its edges on every read.
 */
export const RELATION_LIST_MAX = 50_000;

/**
 * How many entities of each kind have each value of each facet the catalog counts (kind, type, owner,
 * lifecycle, system, tag), kept by statement triggers on entities (migrations 0032, 0033): a facet no
 * other filter than kind applies to is summed here over the kinds filtered by (every kind when none)
 * instead of counting the matching entities (lib/catalog/queries.ts facetCounts). The key leads with
 * the facet, so one facet over every kind is one range of it, and a few kinds are a few.
 */
export const entityFacetCounts = pgTable(
  "entity_facet_counts",
  {
    facet: text("facet").notNull(),
    /** entities.kind (lowercase), the kind of the entities counted. */
    kind: text("kind").notNull(),
    value: text("value").notNull(),
    entities: integer("entities").notNull(),
  },
  (t) => [primaryKey({ columns: [t.facet, t.kind, t.value] })],
);

/**
 * One row per tag of each entity, with its name key: a page of a tag's entities in name order is one
 * range of the primary key, however many carry the tag (the tags GIN index finds them but in no order,
 * and walking the name index filtering by tag reads thousands of rows for a tag the first names lack).
 * Kept by triggers on `entities` (migration 0029); removed with the entity.
 */
/**
 * Every word the catalog's search vectors hold (entities.search's lexemes), kept by statement triggers
 * on entities (migration 0036), so a search word is matched as the few whole words that start with it
 * rather than as a prefix: the full-text index answers `payment & service` in a millisecond and
 * `payment:* & service:*` in 12 at 250,000 entities (lib/catalog/search-words.ts). Hyphenated words
 * (their parts are words too) and numbers are left out; the words no entity holds any more are removed
 * by the hourly `search-words-prune` job.
 */
export const searchWords = pgTable("search_words", {
  /** A lexeme ("C" collation, set in the migration: the words starting with `pay` are a range of the key). */
  word: text("word").primaryKey(),
});

export const entityTags = pgTable(
  "entity_tags",
  {
    tag: text("tag").notNull(),
    /** entities.name_key ("C" collation, set in the migration). */
    nameKey: text("name_key").notNull(),
    ref: text("ref")
      .notNull()
      .references(() => entities.ref, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.tag, t.nameKey, t.ref] }), index("entity_tags_ref_idx").on(t.ref)],
);
