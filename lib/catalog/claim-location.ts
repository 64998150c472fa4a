// The database side of location ownership: an import claims its location (creating it with its
// owner, or checking the writer may replace it), holds it while it writes, and releases it.
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { locations } from "@/db/schema";
import { actorLabel } from "@/lib/access/permissions";
import { AppError } from "@/lib/errors";
import {
  describeOwner,
  isTrustedWrite,
  ownerOf,
  replaceRefusal,
  type LocationRecord,
  type LocationWriter,
} from "./location-rules";

export type LocationInput = { id: string; type: string; target: string };

/** An import that has not written for this long has died; another import may take the location. */
export const IMPORT_LEASE_MS = 5 * 60_000;

export type Claim = {
  importId: string;
  isNew: boolean;
  /** Whether the location was trusted before this import (false for a new one). */
  wasTrusted: boolean;
  /** Whether this writer's content is trusted (location-rules.ts `isTrustedWrite`). */
  isTrustedWrite: boolean;
};

function refuse(message: string, record: LocationRecord | null): never {
  const owner = record?.ownerKind ? { kind: record.ownerKind, name: record.ownerName } : null;
  throw new AppError("forbidden:catalog", message, [
    {
      field: "location",
      message,
      owner,
      ownerDescription: record ? describeOwner(record) : null,
      source: record?.source ?? null,
    },
  ]);
}

/**
 * Claims location `input.id` for the import `importId`, in the caller's transaction: refuses
 * (403, naming the owner and what to do) a writer the rules do not allow, refuses (409) while
 * another live import holds it, and otherwise creates or marks it. While an import runs, the
 * location is trusted only if it was before and the writer is: content written earlier by someone
 * less trusted stays untrusted until it has been replaced (see `finishLocation`).
 */
export async function claimLocation(
  tx: DbOrTx,
  input: LocationInput,
  writer: LocationWriter,
  importId: string,
): Promise<Claim> {
  const trustedWrite = isTrustedWrite(writer, input.type);
  const lock = () => tx.select().from(locations).where(eq(locations.id, input.id)).for("update");
  let [existing] = await lock();
  if (!existing) {
    const refusal = replaceRefusal(writer, input.id, null);
    if (refusal) refuse(refusal, null);
    const owner = ownerOf(writer.actor);
    const inserted = await tx
      .insert(locations)
      .values({
        id: input.id,
        type: input.type,
        target: input.target,
        source: writer.source,
        ownerKind: owner.kind,
        ownerId: owner.id,
        ownerName: owner.name,
        trusted: trustedWrite,
        lastImportedBy: actorLabel(writer.actor),
        importId,
        importHeartbeatAt: new Date(),
      })
      .onConflictDoNothing()
      .returning({ id: locations.id });
    if (inserted.length > 0) return { importId, isNew: true, wasTrusted: false, isTrustedWrite: trustedWrite };
    // Created by a concurrent import since we looked: judge it as an existing location.
    [existing] = await lock();
  }

  const refusal = replaceRefusal(writer, input.id, existing);
  if (refusal) refuse(refusal, existing);
  const heartbeat = existing.importHeartbeatAt?.getTime() ?? 0;
  if (existing.importId && existing.importId !== importId && Date.now() - heartbeat < IMPORT_LEASE_MS) {
    throw new AppError(
      "conflict:catalog",
      `Another import of ${input.id} is still writing (${existing.lastImportedBy ?? "someone"}); try again when it has finished.`,
    );
  }
  // The system adopts a location nobody is known to own (rows from before owners were recorded).
  const adopt = !existing.ownerKind && writer.actor.kind === "system" && writer.source !== "api";
  const owner = ownerOf(writer.actor);
  const isSameSource = adopt || existing.source === writer.source;
  await tx
    .update(locations)
    .set({
      ...(isSameSource ? { type: input.type, target: input.target } : {}),
      ...(adopt ? { source: writer.source, ownerKind: owner.kind, ownerId: owner.id, ownerName: owner.name } : {}),
      trusted: existing.trusted && trustedWrite,
      lastImportedBy: actorLabel(writer.actor),
      importId,
      importHeartbeatAt: new Date(),
    })
    .where(eq(locations.id, input.id));
  return { importId, isNew: false, wasTrusted: existing.trusted, isTrustedWrite: trustedWrite };
}

/** Proves this import still holds the location (and that it is alive); 409 if another took it over. */
export async function touchLocation(tx: DbOrTx, id: string, importId: string): Promise<void> {
  const held = await tx
    .update(locations)
    .set({ importHeartbeatAt: new Date() })
    .where(and(eq(locations.id, id), eq(locations.importId, importId)))
    .returning({ id: locations.id });
  if (held.length === 0) {
    throw new AppError(
      "conflict:catalog",
      `The import of ${id} stopped: the location was deleted or taken over by another import meanwhile. Import it again.`,
    );
  }
}

/**
 * Records the outcome and releases the location. Trust: a trusted writer's import makes the
 * location trusted only if nothing an earlier, untrusted writer wrote is left in it (documents that
 * failed validation keep their previous version; a document that could not be named removes nothing).
 */
export async function finishLocation(
  tx: DbOrTx,
  id: string,
  claim: Claim,
  outcome: { errors: { index: number; field: string; message: string }[]; keptPrevious: number; at: Date },
): Promise<number> {
  const trusted = claim.isTrustedWrite && (claim.isNew || claim.wasTrusted || outcome.keptPrevious === 0);
  const [row] = await tx
    .update(locations)
    .set({
      lastImportedAt: outcome.at,
      entityCount: sql`(select count(*)::int from entities where location_id = ${id})`,
      lastErrors: outcome.errors,
      trusted,
      importId: null,
      importHeartbeatAt: null,
    })
    .where(and(eq(locations.id, id), eq(locations.importId, claim.importId)))
    .returning({ entityCount: locations.entityCount });
  if (!row)
    throw new AppError(
      "conflict:catalog",
      `The import of ${id} stopped: the location was deleted or taken over by another import meanwhile. Import it again.`,
    );
  return row.entityCount;
}

/** Lets go of a location after a failed import, so the next one need not wait for the lease. */
export async function releaseLocation(tx: DbOrTx, id: string, importId: string): Promise<void> {
  await tx
    .update(locations)
    .set({ importId: null, importHeartbeatAt: null })
    .where(and(eq(locations.id, id), eq(locations.importId, importId)));
}

/** The same ownership check as `claimLocation`, read-only, to refuse before any work. */
export async function assertMayWrite(q: DbOrTx, id: string, writer: LocationWriter): Promise<void> {
  const [existing] = await q.select().from(locations).where(eq(locations.id, id));
  const refusal = replaceRefusal(writer, id, existing ?? null);
  if (refusal) refuse(refusal, existing ?? null);
}
