import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { probeSummaryColumns } from "./probe-summary";

export const RUN_STATUSES = ["queued", "awaiting_approval", "running", "succeeded", "failed", "cancelled"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const ENVIRONMENT_STATUSES = [
  "requested",
  "awaiting_approval",
  "provisioning",
  "ready",
  // Sleep: stopped with its data kept (sleeping → asleep), started again by wake (waking → ready).
  "sleeping",
  "asleep",
  "waking",
  "destroying",
  "destroyed",
  "failed",
] as const;
export type EnvironmentStatus = (typeof ENVIRONMENT_STATUSES)[number];

export const STEP_STATUSES = [
  "pending",
  "running",
  "succeeded",
  "failed",
  "skipped",
  "rolled_back",
  "cancelled",
] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** One execution of a template: durable, resumable by any worker (claim → heartbeat → stale recovery). */
export const provisioningRuns = pgTable(
  "provisioning_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    templateName: text("template_name").notNull(),
    templateTitle: text("template_title").notNull(),
    /** The validated template as it was when the run was requested, so retries and teardown use the same steps. */
    template: jsonb("template").$type<Record<string, unknown>>().notNull(),
    /** A catalog template's ref and the hash of the published version the run was requested from; null for PORTOLAN_TEMPLATES_DIR templates. */
    templateRef: text("template_ref"),
    templateHash: text("template_hash"),
    parameters: jsonb("parameters").$type<Record<string, unknown>>().notNull(),
    status: text("status").$type<RunStatus>().notNull(),
    requestedBy: text("requested_by").notNull(),
    requestedById: uuid("requested_by_id"),
    outputs: jsonb("outputs")
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    error: text("error"),
    /** SHA-256 of the per-run callback token (http:request with waitForCallback). */
    callbackTokenHash: text("callback_token_hash"),
    callbackPayload: jsonb("callback_payload").$type<Record<string, unknown>>(),
    workerId: text("worker_id"),
    /**
     * Fencing token: raised at every claim and every hand-over (stale recovery, the destroy job), and
     * every write of the holder is conditioned on it, so a worker that lost the run writes nothing.
     */
    claim: integer("claim").notNull().default(0),
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }),
    recoveries: integer("recoveries").notNull().default(0),
    cancelRequested: boolean("cancel_requested").notNull().default(false),
    approvalStatus: text("approval_status")
      .$type<"none" | "pending" | "approved" | "rejected">()
      .notNull()
      .default("none"),
    approvalBy: text("approval_by"),
    approvalComment: text("approval_comment"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    firstStepAt: timestamp("first_step_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("provisioning_runs_status_idx").on(t.status, t.heartbeatAt)],
);

/** The steps of a run (phase provision or teardown), with their outputs and the resources they hold. */
export const provisioningSteps = pgTable(
  "provisioning_steps",
  {
    runId: uuid("run_id")
      .notNull()
      .references(() => provisioningRuns.id, { onDelete: "cascade" }),
    phase: text("phase").$type<"provision" | "teardown">().notNull(),
    position: integer("position").notNull(),
    stepId: text("step_id").notNull(),
    name: text("name").notNull(),
    action: text("action").notNull(),
    status: text("status").$type<StepStatus>().notNull().default("pending"),
    output: jsonb("output")
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    /** What teardown needs (a pid, a deployment id), written as soon as the resource exists. */
    resources: jsonb("resources").$type<Record<string, unknown>>(),
    error: text("error"),
    attempts: integer("attempts").notNull().default(0),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.runId, t.phase, t.position] })],
);

/** The run's log, append-only. Secrets are redacted before they get here. */
export const provisioningEvents = pgTable(
  "provisioning_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    runId: uuid("run_id")
      .notNull()
      .references(() => provisioningRuns.id, { onDelete: "cascade" }),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    level: text("level").$type<"info" | "warn" | "error">().notNull().default("info"),
    stepId: text("step_id"),
    message: text("message").notNull(),
  },
  (t) => [index("provisioning_events_run_idx").on(t.runId, t.id)],
);

/** An environment started through self-service: always an owner and an expiry. */
export const selfServiceEnvironments = pgTable(
  "self_service_environments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    runId: uuid("run_id")
      .notNull()
      .references(() => provisioningRuns.id, { onDelete: "cascade" }),
    templateName: text("template_name").notNull(),
    componentRef: text("component_ref"),
    branch: text("branch"),
    /** The owner's identity as lib/access/permissions.ts `actorLabel` stores it (`user:<login>`, …); the column keeps its first name. */
    owner: text("owner_login").notNull(),
    ownerId: uuid("owner_id"),
    teamRef: text("team_ref"),
    status: text("status").$type<EnvironmentStatus>().notNull(),
    url: text("url"),
    failureReason: text("failure_reason"),
    ttlSeconds: integer("ttl_seconds").notNull(),
    maxTtlSeconds: integer("max_ttl_seconds").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    readyAt: timestamp("ready_at", { withTimezone: true }),
    destroyedAt: timestamp("destroyed_at", { withTimezone: true }),
    /** The pull request it previews (a template's pullRequests trigger): `owner/name`, number and its page. */
    pullRequestRepo: text("pull_request_repo"),
    pullRequestNumber: integer("pull_request_number"),
    pullRequestUrl: text("pull_request_url"),
    /** Put to sleep by its template's schedule (which then wakes it), not by a person. */
    asleepBySchedule: boolean("asleep_by_schedule").notNull().default(false),
    /** Where the health probes read it (the template's environment.healthUrl; else url). */
    healthUrl: text("health_url"),
    /** The latest probe while ready, as for service environments. */
    ...probeSummaryColumns(),
  },
  (t) => [
    index("self_service_environments_owner_idx").on(t.owner, t.status),
    index("self_service_environments_expiry_idx").on(t.status, t.expiresAt),
    index("self_service_environments_component_idx").on(t.componentRef),
    index("self_service_environments_pull_request_idx").on(t.pullRequestRepo, t.pullRequestNumber),
    // One environment per run; the engine reaches the environment through its run.
    uniqueIndex("self_service_environments_run_idx").on(t.runId),
  ],
);

/**
 * The version of a catalog Template entity an admin made runnable: the exact body, its hash, who and
 * when. Catalog templates (imported, or found by the GitHub sync) run only in this version; a later
 * change to the entity waits here as "pending" until an admin publishes it too. Withdraw deletes it.
 */
export const templatePublications = pgTable("template_publications", {
  ref: text("ref").primaryKey(),
  body: jsonb("body").$type<Record<string, unknown>>().notNull(),
  hash: text("hash").notNull(),
  publishedBy: text("published_by").notNull(),
  publishedAt: timestamp("published_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * This portal's identity (one row, made on first use): processes started by `local:process` carry it,
 * so at start a worker tells its own preview processes from another portal's on the same machine.
 */
export const portalInstance = pgTable("portal_instance", {
  singleton: boolean("singleton").primaryKey().default(true),
  id: uuid("id").notNull().defaultRandom(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
