// Reads of catalog locations: who owns each, where it comes from, whether it is trusted.
import { and, asc, eq, gt, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { locations } from "@/db/schema";
import { z } from "zod";
import { assertCan, type Actor } from "@/lib/access/permissions";
import { readCursor, writeCursor } from "@/lib/cursor";
import { IMPORT_LEASE_MS } from "./claim-location";
import type { locationView } from "./responses";
import type { LocationQuery } from "./schemas";

const ERRORS_SHOWN = 20;

/** A catalog location as the API and Admin show it (its schema, which the API documents, is in responses.ts). */
export type LocationView = z.output<typeof locationView>;

const columns = {
  id: locations.id,
  type: locations.type,
  target: locations.target,
  source: locations.source,
  ownerKind: locations.ownerKind,
  ownerName: locations.ownerName,
  ownerId: locations.ownerId,
  trusted: locations.trusted,
  entityCount: locations.entityCount,
  createdAt: locations.createdAt,
  lastImportedAt: locations.lastImportedAt,
  lastImportedBy: locations.lastImportedBy,
  importId: locations.importId,
  importHeartbeatAt: locations.importHeartbeatAt,
  errorCount: sql<number>`jsonb_array_length(${locations.lastErrors})::int`,
  errors: sql<
    LocationView["errors"]
  >`jsonb_path_query_array(${locations.lastErrors}, ${`$[0 to ${ERRORS_SHOWN - 1}]`}::jsonpath)`,
};

const selectRows = (db: DbOrTx) => db.select(columns).from(locations);
type Row = Awaited<ReturnType<typeof selectRows>>[number];

function toView(row: Row): LocationView {
  const heartbeat = row.importHeartbeatAt?.getTime() ?? 0;
  return {
    id: row.id,
    type: row.type,
    target: row.target,
    source: row.source,
    owner: row.ownerKind ? { kind: row.ownerKind, name: row.ownerName ?? row.ownerId ?? "" } : null,
    trusted: row.trusted,
    entityCount: row.entityCount,
    createdAt: row.createdAt.toISOString(),
    lastImportedAt: row.lastImportedAt?.toISOString() ?? null,
    lastImportedBy: row.lastImportedBy,
    isImporting: Boolean(row.importId) && Date.now() - heartbeat < IMPORT_LEASE_MS,
    errorCount: Number(row.errorCount),
    errors: typeof row.errors === "string" ? JSON.parse(row.errors) : (row.errors ?? []),
  };
}

// The last id of the page: locations are listed in id order.
const locationCursor = z.tuple([z.string()]);

/** Locations by id, a page at a time. */
export async function listCatalogLocations(
  db: DbOrTx,
  actor: Actor,
  query: LocationQuery,
): Promise<{ items: LocationView[]; nextCursor: string | null }> {
  assertCan(actor, "catalog:read");
  const where: SQL[] = [];
  if (query.source) where.push(eq(locations.source, query.source));
  if (query.cursor) where.push(gt(locations.id, readCursor(locationCursor, query.cursor)[0]));
  const rows = await selectRows(db)
    .where(and(...where))
    .orderBy(asc(locations.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit).map(toView);
  const last = page.at(-1);
  return { items: page, nextCursor: rows.length > query.limit && last ? writeCursor([last.id]) : null };
}

export async function getCatalogLocation(db: DbOrTx, actor: Actor, id: string): Promise<LocationView | null> {
  assertCan(actor, "catalog:read");
  const [row] = await selectRows(db).where(eq(locations.id, id));
  return row ? toView(row) : null;
}
