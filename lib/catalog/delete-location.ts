import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { entities, locations } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { actorLabel, assertCan, type Actor } from "@/lib/access/permissions";
import { AppError } from "@/lib/errors";
import { IMPORT_LEASE_MS, touchLocation } from "./claim-location";
import { eventLoopPacer } from "./event-loop";
import { lockCatalogWrites } from "./import-steps";
import { deleteRefusal, describeOwner } from "./location-rules";
import { noteCatalogChanges } from "./planner-stats";

const PART = 500;

/**
 * Deletes a location and every entity (and edge) it contributed, if `actor` may: its owner or an
 * admin; never a GitHub location (the sync follows the repository). Entities go in short
 * transactions, as an import writes them, so a big location does not hold the database.
 */
export async function deleteCatalogLocation(
  db: Db,
  actor: Actor,
  id: string,
  deps: { ip?: string | null } = {},
): Promise<{ id: string; removedEntities: number }> {
  assertCan(actor, "catalog:write");
  const holdId = randomUUID();
  const location = await db.transaction(async (tx) => {
    const [row] = await tx.select().from(locations).where(eq(locations.id, id)).for("update");
    if (!row)
      throw new AppError("not_found:catalog", `No catalog location "${id}"; GET /api/v1/catalog/locations lists them.`);
    const refusal = deleteRefusal(actor, row);
    if (refusal)
      throw new AppError("forbidden:catalog", refusal, [
        {
          field: "location",
          message: refusal,
          owner: row.ownerKind ? { kind: row.ownerKind, name: row.ownerName } : null,
          ownerDescription: describeOwner(row),
          source: row.source,
        },
      ]);
    if (row.importId && Date.now() - (row.importHeartbeatAt?.getTime() ?? 0) < IMPORT_LEASE_MS) {
      throw new AppError("conflict:catalog", `An import of ${id} is still writing; try again when it has finished.`);
    }
    await tx.update(locations).set({ importId: holdId, importHeartbeatAt: new Date() }).where(eq(locations.id, id));
    return row;
  });

  const pace = eventLoopPacer();
  let removed = 0;
  for (;;) {
    const count = await db.transaction(async (tx) => {
      await lockCatalogWrites(tx);
      await touchLocation(tx, id, holdId);
      const part = await tx.select({ ref: entities.ref }).from(entities).where(eq(entities.locationId, id)).limit(PART);
      if (part.length > 0)
        await tx.delete(entities).where(
          and(
            eq(entities.locationId, id),
            inArray(
              entities.ref,
              part.map((p) => p.ref),
            ),
          ),
        );
      return part.length;
    });
    removed += count;
    if (count < PART) break;
    await pace();
  }
  await db.transaction(async (tx) => {
    await tx.delete(locations).where(and(eq(locations.id, id), eq(locations.importId, holdId)));
    await recordAudit(tx, actor, {
      action: "catalog.location.delete",
      target: id,
      details: {
        entities: removed,
        source: location.source,
        owner: location.ownerKind ? `${location.ownerKind}:${location.ownerName}` : null,
        by: actorLabel(actor),
      },
      ip: deps.ip,
    });
  });
  noteCatalogChanges(db, removed);
  return { id, removedEntities: removed };
}
