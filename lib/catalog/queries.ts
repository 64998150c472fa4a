import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { queryRows, type DbOrTx } from "@/db/client";
import { entities, locations, relations } from "@/db/schema";
import { filterConditions, searchRank, type FacetName } from "./entity-filters";
import type { EntityFilters, EntityQuery } from "./schemas";
import type { Entity } from "./types";
import { AppError } from "@/lib/errors";

export type RelationView = { type: string; targetRef: string };

/** An entity as the API returns it: the descriptor plus its relations and where it came from. */
export type EntityView = Entity & {
  relations: RelationView[];
  ref: string;
  source: { location: string; type: string; target: string; lastSeenAt: string; updatedAt: string };
};

function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  const offset = Number.parseInt(Buffer.from(cursor, "base64url").toString("utf8").replace(/^o:/, ""), 10);
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new AppError("bad_request:catalog", "cursor is not one this API returned; start again without it.", [
      { field: "cursor", message: "invalid cursor" },
    ]);
  }
  return offset;
}

export function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString("base64url");
}

function orderBy(query: EntityQuery): SQL[] {
  const sort = query.sort ?? (query.q ? "relevance" : "name");
  const byName = [asc(sql`lower(${entities.name})`), asc(entities.ref)];
  if (sort === "relevance" && query.q) return [desc(searchRank(query.q)), ...byName];
  if (sort === "-name") return [desc(sql`lower(${entities.name})`), desc(entities.ref)];
  if (sort === "kind") return [asc(entities.kind), ...byName];
  if (sort === "updated") return [desc(entities.updatedAt), asc(entities.ref)];
  return byName;
}

async function relationsOf(db: DbOrTx, refs: string[]): Promise<Map<string, RelationView[]>> {
  const out = new Map<string, RelationView[]>(refs.map((r) => [r, []]));
  if (refs.length === 0) return out;
  const rows = await db
    .selectDistinct({ sourceRef: relations.sourceRef, type: relations.type, targetRef: relations.targetRef })
    .from(relations)
    .where(inArray(relations.sourceRef, refs))
    .orderBy(relations.sourceRef, relations.type, relations.targetRef);
  for (const row of rows) out.get(row.sourceRef)?.push({ type: row.type, targetRef: row.targetRef });
  return out;
}

const viewColumns = {
  ref: entities.ref,
  body: entities.body,
  locationId: entities.locationId,
  lastSeenAt: entities.lastSeenAt,
  updatedAt: entities.updatedAt,
  locationType: locations.type,
  locationTarget: locations.target,
};

type ViewRow = { ref: string; body: Record<string, unknown>; locationId: string; lastSeenAt: Date; updatedAt: Date; locationType: string; locationTarget: string };

function toView(row: ViewRow, rels: RelationView[]): EntityView {
  return {
    ...(row.body as Entity),
    relations: rels,
    ref: row.ref,
    source: {
      location: row.locationId,
      type: row.locationType,
      target: row.locationTarget,
      lastSeenAt: row.lastSeenAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    },
  };
}

export async function listEntities(db: DbOrTx, query: EntityQuery): Promise<{ items: EntityView[]; nextCursor: string | null }> {
  const offset = decodeCursor(query.cursor);
  const rows = await db
    .select(viewColumns)
    .from(entities)
    .innerJoin(locations, eq(locations.id, entities.locationId))
    .where(filterConditions(query))
    .orderBy(...orderBy(query))
    .limit(query.limit + 1)
    .offset(offset);
  const page = rows.slice(0, query.limit);
  const rels = await relationsOf(db, page.map((r) => r.ref));
  return {
    items: page.map((row) => toView(row, rels.get(row.ref) ?? [])),
    nextCursor: rows.length > query.limit ? encodeCursor(offset + query.limit) : null,
  };
}

export async function countEntities(db: DbOrTx, filters: EntityFilters): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(entities).where(filterConditions(filters));
  return row.n;
}

export async function getEntity(db: DbOrTx, ref: string): Promise<EntityView | null> {
  const [row] = await db
    .select(viewColumns)
    .from(entities)
    .innerJoin(locations, eq(locations.id, entities.locationId))
    .where(eq(entities.ref, ref.toLowerCase()));
  if (!row) return null;
  const rels = await relationsOf(db, [row.ref]);
  return toView(row, rels.get(row.ref) ?? []);
}

export type FacetCounts = Record<FacetName, { value: string; count: number }[]>;

const FACET_COLUMNS: Record<Exclude<FacetName, "tag">, SQL> = {
  kind: sql`${entities.kind}`,
  type: sql`${entities.specType}`,
  owner: sql`${entities.ownerRef}`,
  lifecycle: sql`${entities.lifecycle}`,
  system: sql`${entities.systemRef}`,
};

/** Counts per facet value, each facet filtered by every other active filter (not by itself). */
export async function facetCounts(db: DbOrTx, filters: EntityFilters, limit = 50): Promise<FacetCounts> {
  const result = {} as FacetCounts;
  for (const [facet, column] of Object.entries(FACET_COLUMNS) as [Exclude<FacetName, "tag">, SQL][]) {
    const where = filterConditions(filters, facet);
    const rows = await db
      .select({ value: sql<string>`${column}`, count: sql<number>`count(*)::int` })
      .from(entities)
      .where(where ? and(where, sql`${column} is not null`) : sql`${column} is not null`)
      .groupBy(column)
      .orderBy(desc(sql`count(*)`), asc(column))
      .limit(limit);
    result[facet] = rows;
  }
  const tagWhere = filterConditions(filters, "tag");
  const tagRows = await queryRows<{ value: string; count: number }>(
    db,
    sql`select t as value, count(*)::int as count from ${entities}, unnest(${entities.tags}) as t ${tagWhere ? sql`where ${tagWhere}` : sql``} group by t order by count(*) desc, t limit ${limit}`,
  );
  result.tag = tagRows.map((r) => ({ value: r.value, count: Number(r.count) }));
  return result;
}

/** Display names for a set of refs (titles where the entity exists), for linking relation targets. */
export async function describeRefs(db: DbOrTx, refs: string[]): Promise<Map<string, { title: string | null; kind: string }>> {
  const unique = [...new Set(refs)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select({ ref: entities.ref, title: entities.title, kind: entities.kind })
    .from(entities)
    .where(inArray(entities.ref, unique));
  return new Map(rows.map((r) => [r.ref, { title: r.title, kind: r.kind }]));
}
