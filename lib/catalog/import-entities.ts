import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { locations } from "@/db/schema";
import { claimLocation, type LocationInput } from "./claim-location";
import {
  chunks,
  completeImport,
  type ImportResult,
  lockCatalogWrites,
  planImport,
  preparePart,
  writeEntities,
} from "./import-steps";
import type { LocationWriter } from "./location-rules";
import type { DocumentResult } from "./types";

export type { LocationInput } from "./claim-location";
export type { ImportResult } from "./import-steps";

/**
 * Replaces everything one location contributes to the catalog, in the caller's transaction (the
 * GitHub sync writes a repository's entities and its own bookkeeping together). Entities that
 * vanished from the source are removed; unchanged ones keep their row (only `last_seen_at`
 * moves); a ref owned by another location is a conflict and the first owner keeps it. A document
 * that failed validation keeps its previous good version, as Backstage does. `writer` must be
 * allowed to replace the location (location-rules.ts), or this throws a 403 AppError.
 * Big imports from people go through `importLocation` instead, which does not hold one transaction.
 */
export async function importEntities(
  tx: DbOrTx,
  location: LocationInput,
  documents: DocumentResult[],
  writer: LocationWriter,
): Promise<ImportResult> {
  const now = new Date();
  await lockCatalogWrites(tx);
  const claim = await claimLocation(tx, location, writer, randomUUID());
  const plan = await planImport(tx, location.id, documents);
  for (const part of chunks(plan.toWrite, 500)) await writeEntities(tx, plan, preparePart(part, false), now);
  return completeImport(tx, plan, claim, now);
}

/**
 * Removes a location and, through the foreign key, every entity and edge it contributed. For the
 * system (the GitHub sync); people delete through `deleteCatalogLocation`, which checks ownership.
 */
export async function deleteLocation(tx: DbOrTx, locationId: string): Promise<number> {
  await lockCatalogWrites(tx);
  const removed = await tx.delete(locations).where(eq(locations.id, locationId)).returning({ id: locations.id });
  return removed.length;
}
