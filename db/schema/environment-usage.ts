// What self-service environments use: the intervals each one was awake (resource-hours) and the
// prices an admin set per resource-hour (cost). Intervals are kept by a trigger on the environment's
// status (migration "environment-usage"), so every transition — ready, sleep, wake, failure, destroy
// — opens or closes one without each writer having to remember. Awake: ready, sleeping, waking.
import { sql } from "drizzle-orm";
import { bigserial, index, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { selfServiceEnvironments } from "./provisioning";

export const environmentAwakeIntervals = pgTable(
  "environment_awake_intervals",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    environmentId: uuid("environment_id")
      .notNull()
      .references(() => selfServiceEnvironments.id, { onDelete: "cascade" }),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    /** Null while it is awake. */
    endedAt: timestamp("ended_at", { withTimezone: true }),
  },
  (t) => [
    index("environment_awake_intervals_env_idx").on(t.environmentId, t.startedAt),
    // At most one open interval per environment.
    uniqueIndex("environment_awake_intervals_open_idx")
      .on(t.environmentId)
      .where(sql`${t.endedAt} is null`),
  ],
);

/** The price of one resource-hour: `*` for every template, or a template's name (which wins). */
export const resourcePrices = pgTable("resource_prices", {
  scope: text("scope").primaryKey(),
  pricePerHour: numeric("price_per_hour", { precision: 12, scale: 4, mode: "number" }).notNull(),
  currency: text("currency").notNull().default("USD"),
  updatedBy: text("updated_by").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
