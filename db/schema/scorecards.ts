import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { entities } from "./catalog";

/** One rule's outcome as stored (lib/scorecards/evaluate.ts RuleOutcome). */
export type StoredRuleOutcome = { id: string; level: string; status: "passed" | "failed" | "unknown"; message: string };

/**
 * The latest result of each scorecard for each entity it applies to, written by the scorecards-refresh
 * job. owner_ref is copied from the entity so a team's results are one index range; level_rank is the
 * level's position (-1: none) so "at least silver" and sorting by level need no lookup.
 */
export const scorecardResults = pgTable(
  "scorecard_results",
  {
    scorecard: text("scorecard").notNull(),
    entityRef: text("entity_ref")
      .notNull()
      .references(() => entities.ref, { onDelete: "cascade" }),
    ownerRef: text("owner_ref"),
    level: text("level"),
    levelRank: integer("level_rank").notNull(),
    score: real("score").notNull(),
    passed: integer("passed").notNull(),
    total: integer("total").notNull(),
    rules: jsonb("rules").$type<StoredRuleOutcome[]>().notNull(),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull().defaultNow(),
    /** When the level, score or a rule's status last changed (the history row of that change). */
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.scorecard, t.entityRef] }),
    index("scorecard_results_owner_idx").on(t.scorecard, t.ownerRef),
    index("scorecard_results_level_idx").on(t.scorecard, t.levelRank),
    index("scorecard_results_entity_idx").on(t.entityRef),
  ],
);

/**
 * A row per change of an entity's result (and its first result): the trend of each service, team
 * and rule. rules holds { ruleId: status } only; messages live in scorecard_results.
 */
export const scorecardHistory = pgTable(
  "scorecard_history",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    scorecard: text("scorecard").notNull(),
    entityRef: text("entity_ref").notNull(),
    ownerRef: text("owner_ref"),
    level: text("level"),
    levelRank: integer("level_rank").notNull(),
    score: real("score").notNull(),
    rules: jsonb("rules").$type<Record<string, StoredRuleOutcome["status"]>>().notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("scorecard_history_entity_idx").on(t.scorecard, t.entityRef, t.recordedAt),
    index("scorecard_history_time_idx").on(t.scorecard, t.recordedAt),
  ],
);

/** Each refresh: what it covered and how long it took; the incremental one reads changes since the last start. */
export const scorecardRuns = pgTable("scorecard_runs", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  mode: text("mode").$type<"full" | "changed" | "entities">().notNull(),
  startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
  finishedAt: timestamp("finished_at", { withTimezone: true }).notNull().defaultNow(),
  entities: integer("entities").notNull(),
  changed: integer("changed").notNull(),
  durationMs: integer("duration_ms").notNull(),
});

/** Which services an initiative covers, among those its scorecard applies to (every field given must match). */
export type InitiativeSelection = { owners?: string[]; systems?: string[]; lifecycles?: string[]; refs?: string[] };

/**
 * A campaign: bring a set of services to a scorecard level (or make them pass some rules) by a
 * deadline. Progress is read from scorecard_results (now) and scorecard_history (over time).
 */
export const initiatives = pgTable("initiatives", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  description: text("description"),
  scorecard: text("scorecard").notNull(),
  /** The level to reach, or null when the target is `rules`. */
  targetLevel: text("target_level"),
  targetRules: text("target_rules").array().notNull().default([]),
  selection: jsonb("selection").$type<InitiativeSelection>().notNull().default({}),
  /** The group responsible for the initiative (not necessarily the services' owners). */
  ownerRef: text("owner_ref").notNull(),
  deadline: timestamp("deadline", { withTimezone: true }).notNull(),
  /** Days before the deadline on which owning teams still behind are reminded. */
  reminderDays: integer("reminder_days").array().notNull().default([14, 7, 1]),
  createdBy: text("created_by").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Reminders sent: one row per initiative, team and reminder (days before the deadline), so a team is
 * told once per reminder whatever the job's schedule, and the initiative page lists what went out.
 */
export const initiativeReminders = pgTable(
  "initiative_reminders",
  {
    initiativeId: uuid("initiative_id")
      .notNull()
      .references(() => initiatives.id, { onDelete: "cascade" }),
    teamRef: text("team_ref").notNull(),
    daysBefore: integer("days_before").notNull(),
    /** Services of the team not at target when the reminder went out. */
    remaining: integer("remaining").notNull(),
    /** False when a later reminder was already due when this one was reached (skipped, not sent). */
    sent: boolean("sent").notNull().default(true),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.initiativeId, t.teamRef, t.daysBefore] })],
);
