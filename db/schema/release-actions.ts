import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { provisioningRuns } from "./provisioning";

/**
 * A run of a built-in release action (promote, rollback, redeploy): which service and environment
 * it deploys to and what version. The run itself (steps, approval, status) is a provisioning run;
 * this row is its target, and "a run for this service × environment that has not ended" is the lock.
 */
export const actionRuns = pgTable(
  "action_runs",
  {
    runId: uuid("run_id")
      .primaryKey()
      .references(() => provisioningRuns.id, { onDelete: "cascade" }),
    action: text("action").notNull(),
    serviceRef: text("service_ref").notNull(),
    environment: text("environment").notNull(),
    /** promote: where the version was live. */
    fromEnvironment: text("from_environment"),
    version: text("version").notNull(),
    /** The reason given to deploy during a freeze window (audited too); null when none was active. */
    overrideReason: text("override_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("action_runs_target_idx").on(t.serviceRef, t.environment)],
);

/** A freeze that comes back (lib/freezes/windows.ts): wall-clock start and end in the window's zone. */
export type FreezeRepeat =
  | { every: "day"; start: { time: string }; end: { time: string } }
  | { every: "week"; start: { day: Weekday; time: string }; end: { day: Weekday; time: string } };
export const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * No deploys to an environment (or every environment: "*") between two instants, set by an admin.
 * The instants are stored in UTC; `timeZone` is the zone the admin wrote them in, for display.
 * With `repeat`, the window comes back every day or week (its wall-clock times in `timeZone`, so a
 * DST change moves the instants, not the local times) from `startsAt` until `endsAt`.
 */
export const freezeWindows = pgTable(
  "freeze_windows",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    environment: text("environment").notNull(),
    /** One service's ref, or null for every service. */
    serviceRef: text("service_ref"),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    timeZone: text("time_zone").notNull().default("UTC"),
    repeat: jsonb("repeat").$type<FreezeRepeat>(),
    reason: text("reason").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("freeze_windows_ends_idx").on(t.endsAt)],
);
