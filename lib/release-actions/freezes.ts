// Freeze windows, set by admins: GET/POST/DELETE /api/v1/freezes. A window's times are written as
// wall-clock times in a zone (or ISO instants) and stored as instants; a repeating window (every day
// or week, lib/freezes/windows.ts) keeps its wall-clock times and zone. Every change is audited.
import { asc, eq, gt } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { freezeWindows, WEEKDAYS } from "@/db/schema";
import { actorLabel, assertCan, type Actor } from "@/lib/access/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { normaliseServiceRef } from "@/lib/catalog/service-ref";
import { AppError } from "@/lib/errors";
import { currentOrNext } from "@/lib/freezes/windows";
import { isTimeZone, zonedTimeToUtc } from "@/lib/freezes/zoned-time";
import type { FreezeView } from "./responses";

/** A repeating window without an end holds until then (stored as an instant like every window). */
const FOREVER = new Date("9999-12-31T00:00:00Z");
const clock = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a local time like 16:00");
const weekday = z.string().trim().toLowerCase().pipe(z.enum(WEEKDAYS, "a day of the week, like friday"));
export const freezeRepeat = z.discriminatedUnion(
  "every",
  [
    z.object({ every: z.literal("day"), start: z.object({ time: clock }), end: z.object({ time: clock }) }),
    z.object({
      every: z.literal("week"),
      start: z.object({ day: weekday, time: clock }),
      end: z.object({ day: weekday, time: clock }),
    }),
  ],
  "every: day or week",
);

export const freezeBody = z.object({
  environment: z
    .string()
    .trim()
    .regex(/^(\*|[A-Za-z0-9][A-Za-z0-9._-]{0,62})$/, "an environment name, or * for every environment"),
  service: z.string().trim().min(1).max(300).optional(),
  /** One-off: when it starts. Repeating: the first day it may hold (default now). */
  startsAt: z.string().trim().min(1, "when the freeze starts, like 2026-12-24T18:00").optional(),
  /** One-off: when it ends. Repeating: when it stops coming back (default never). */
  endsAt: z.string().trim().min(1, "when the freeze ends, like 2026-12-27T08:00").optional(),
  timeZone: z.string().trim().default("UTC").refine(isTimeZone, "an IANA time zone, like Europe/Berlin"),
  repeat: freezeRepeat.optional().meta({
    description:
      "A window that comes back: every day (start.time – end.time) or every week (start.day start.time – end.day end.time), in timeZone.",
    example: { every: "week", start: { day: "friday", time: "16:00" }, end: { day: "monday", time: "08:00" } },
  }),
  reason: z.string().trim().min(3, "say why (at least 3 characters)").max(500),
});
export type FreezeInput = z.infer<typeof freezeBody>;

export const freezesQuery = z.object({ all: z.enum(["true", "false"]).optional() });

function toView(row: typeof freezeWindows.$inferSelect, now = new Date()): FreezeView {
  const next = currentOrNext(row, now);
  return {
    id: row.id,
    environment: row.environment,
    service: row.serviceRef,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    timeZone: row.timeZone,
    repeat: row.repeat ?? null,
    next: next && { startsAt: next.startsAt.toISOString(), endsAt: next.endsAt.toISOString() },
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
  return rows.map((row) => toView(row, options.now));
}

export async function createFreeze(
  db: Db,
  actor: Actor,
  input: FreezeInput,
  deps: { ip?: string | null } = {},
): Promise<FreezeView> {
  assertCan(actor, "admin:freezes");
  const { startsAt, endsAt, errors } = checkTimes(input);
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
        repeat: input.repeat ?? null,
        reason: input.reason,
        createdBy: actorLabel(actor),
      })
      .returning();
    await recordAudit(tx, actor, {
      action: "freeze.create",
      target: `freeze:${row.id}`,
      details: {
        environment: row.environment,
        service: serviceRef,
        startsAt,
        endsAt,
        timeZone: row.timeZone,
        repeat: row.repeat,
        reason: row.reason,
      },
      ip: deps.ip,
    });
    return toView(row);
  });
}

/** The window's instants, or what to fix: a one-off window needs both ends; a repeating one, a real span. */
function checkTimes(input: FreezeInput) {
  const errors: { field: string; message: string }[] = [];
  const read = (field: "startsAt" | "endsAt", fallback: Date | null) => {
    const text = input[field];
    if (text === undefined) {
      if (!fallback) errors.push({ field, message: `is required for a one-off window, like 2026-12-24T18:00` });
      return fallback;
    }
    const instant = zonedTimeToUtc(text, input.timeZone);
    if (!instant) errors.push({ field, message: "a time like 2026-12-24T18:00 (in timeZone) or an ISO time" });
    return instant;
  };
  const startsAt = read("startsAt", input.repeat ? new Date() : null);
  const endsAt = read("endsAt", input.repeat ? FOREVER : null);
  if (startsAt && endsAt && endsAt <= startsAt) errors.push({ field: "endsAt", message: "must be after startsAt" });
  const r = input.repeat;
  if (r && r.start.time === r.end.time && (r.every === "day" || r.start.day === r.end.day))
    errors.push({ field: "repeat.end", message: "must differ from repeat.start (else the freeze never lifts)" });
  return { startsAt, endsAt, errors };
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
