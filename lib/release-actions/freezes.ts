// Freeze windows, set by admins: GET/POST/DELETE /api/v1/freezes. A window's times are written as
// wall-clock times in a zone (or ISO instants) and stored as instants; every change is audited.
import { asc, eq, gt } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { freezeWindows } from "@/db/schema";
import { actorLabel, assertCan, type Actor } from "@/lib/access/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { normaliseServiceRef } from "@/lib/catalog/service-ref";
import { AppError } from "@/lib/errors";
import type { FreezeView } from "./responses";
import { isTimeZone, zonedTimeToUtc } from "./rules";

export const freezeBody = z.object({
  environment: z
    .string()
    .trim()
    .regex(/^(\*|[A-Za-z0-9][A-Za-z0-9._-]{0,62})$/, "an environment name, or * for every environment"),
  service: z.string().trim().min(1).max(300).optional(),
  startsAt: z.string().trim().min(1, "when the freeze starts, like 2026-12-24T18:00"),
  endsAt: z.string().trim().min(1, "when the freeze ends, like 2026-12-27T08:00"),
  timeZone: z.string().trim().default("UTC").refine(isTimeZone, "an IANA time zone, like Europe/Berlin"),
  reason: z.string().trim().min(3, "say why (at least 3 characters)").max(500),
});
export type FreezeInput = z.infer<typeof freezeBody>;
export const freezesQuery = z.object({ all: z.enum(["true", "false"]).optional() });

function toView(row: typeof freezeWindows.$inferSelect): FreezeView {
  return {
    id: row.id,
    environment: row.environment,
    service: row.serviceRef,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    timeZone: row.timeZone,
    reason: row.reason,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Windows that have not ended (or all of them), soonest first. Everyone may see them: they explain refusals. */
export async function listFreezes(db: Db, options: { all?: boolean; now?: Date } = {}): Promise<FreezeView[]> {
  const rows = await db
    .select()
    .from(freezeWindows)
    .where(options.all ? undefined : gt(freezeWindows.endsAt, options.now ?? new Date()))
    .orderBy(asc(freezeWindows.startsAt))
    .limit(500);
  return rows.map(toView);
}

export async function createFreeze(
  db: Db,
  actor: Actor,
  input: FreezeInput,
  deps: { ip?: string | null } = {},
): Promise<FreezeView> {
  assertCan(actor, "admin:freezes");
  const startsAt = zonedTimeToUtc(input.startsAt, input.timeZone);
  const endsAt = zonedTimeToUtc(input.endsAt, input.timeZone);
  const errors = [
    ...(startsAt ? [] : [{ field: "startsAt", message: "a time like 2026-12-24T18:00 (in timeZone) or an ISO time" }]),
    ...(endsAt ? [] : [{ field: "endsAt", message: "a time like 2026-12-27T08:00 (in timeZone) or an ISO time" }]),
  ];
  if (startsAt && endsAt && endsAt <= startsAt) errors.push({ field: "endsAt", message: "must be after startsAt" });
  if (errors.length)
    throw new AppError(
      "unprocessable:freeze",
      `Check the window: ${errors.map((e) => `${e.field} ${e.message}`).join("; ")}.`,
      errors,
    );
  const serviceRef = input.service ? normaliseServiceRef(input.service) : null;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(freezeWindows)
      .values({
        environment: input.environment,
        serviceRef,
        startsAt: startsAt!,
        endsAt: endsAt!,
        timeZone: input.timeZone,
        reason: input.reason,
        createdBy: actorLabel(actor),
      })
      .returning();
    await recordAudit(tx, actor, {
      action: "freeze.create",
      target: `freeze:${row.id}`,
      details: { environment: row.environment, service: serviceRef, startsAt, endsAt, reason: row.reason },
      ip: deps.ip,
    });
    return toView(row);
  });
}

export async function deleteFreeze(db: Db, actor: Actor, id: string, deps: { ip?: string | null } = {}) {
  assertCan(actor, "admin:freezes");
  await db.transaction(async (tx) => {
    const [row] = await tx.delete(freezeWindows).where(eq(freezeWindows.id, id)).returning();
    if (!row) throw new AppError("not_found:freeze", `There is no freeze window ${id}.`);
    await recordAudit(tx, actor, {
      action: "freeze.delete",
      target: `freeze:${id}`,
      details: { environment: row.environment, reason: row.reason },
      ip: deps.ip,
    });
  });
}
