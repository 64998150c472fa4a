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
} from "drizzle-orm/pg-core";
import { probeSummaryColumns } from "./probe-summary";

export const DEPLOYMENT_STATUSES = ["queued", "in_progress", "success", "failure", "error", "inactive"] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

/**
 * Every deployment Portolan knows, whatever reported it: the REST API (source "api", the caller's
 * id) and GitHub Deployments (source "github", projected from github_deployments by a trigger in
 * migration 0007 so the GitHub sync needs no change). One table keeps the timeline, the matrix
 * and DORA to one indexed read each.
 */
export const deployments = pgTable(
  "deployments",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    source: text("source").$type<"api" | "github">().notNull(),
    externalId: text("external_id").notNull(),
    serviceRef: text("service_ref").notNull(),
    environment: text("environment").notNull(),
    ref: text("ref"),
    sha: text("sha"),
    version: text("version"),
    status: text("status").$type<DeploymentStatus>().notNull(),
    url: text("url"),
    logUrl: text("log_url"),
    deployedBy: text("deployed_by"),
    repo: text("repo"),
    /** When the change's first commit was made, if the reporter knows it (lead time). */
    firstCommitAt: timestamp("first_commit_at", { withTimezone: true }),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("deployments_source_external_idx").on(t.source, t.externalId),
    // Timeline per service+environment, live version (latest success) and DORA windows.
    index("deployments_service_env_started_idx").on(t.serviceRef, t.environment, t.startedAt.desc(), t.id.desc()),
    index("deployments_service_env_success_idx")
      .on(t.serviceRef, t.environment, t.startedAt.desc())
      .where(sql`status = 'success'`),
    // A service's timeline across environments.
    index("deployments_service_started_idx").on(t.serviceRef, t.startedAt.desc(), t.id.desc()),
    // The global feed.
    index("deployments_started_idx").on(t.startedAt.desc(), t.id.desc()),
  ],
);

/** The environments a service has been deployed to: the rows of the matrix and the probe targets. */
export const serviceEnvironments = pgTable(
  "service_environments",
  {
    serviceRef: text("service_ref").notNull(),
    name: text("name").notNull(),
    url: text("url"),
    healthUrl: text("health_url"),
    lastDeployedAt: timestamp("last_deployed_at", { withTimezone: true }),
    ...probeSummaryColumns(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.serviceRef, t.name] }), index("service_environments_probe_idx").on(t.lastProbedAt)],
);

/** One health probe of one environment. */
export const healthProbes = pgTable(
  "health_probes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    serviceRef: text("service_ref").notNull(),
    environment: text("environment").notNull(),
    url: text("url").notNull(),
    isOk: boolean("is_ok").notNull(),
    statusCode: integer("status_code"),
    latencyMs: integer("latency_ms"),
    error: text("error"),
    probedAt: timestamp("probed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("health_probes_env_idx").on(t.serviceRef, t.environment, t.probedAt.desc())],
);

/** "Never two probes of one URL at once", across every worker: a short lease per URL. */
export const healthProbeLeases = pgTable("health_probe_leases", {
  url: text("url").primaryKey(),
  leasedUntil: timestamp("leased_until", { withTimezone: true }).notNull(),
});

export type ComparedCommit = {
  sha: string;
  message: string;
  author: string | null;
  authorLogin: string | null;
  date: string | null;
  htmlUrl: string | null;
};

/** GitHub's compare of two tags, fetched by a job and kept (tags do not move, so it stays true). */
export const releaseComparisons = pgTable(
  "release_comparisons",
  {
    repo: text("repo").notNull(),
    base: text("base").notNull(),
    head: text("head").notNull(),
    status: text("status").$type<"pending" | "ready" | "failed">().notNull(),
    aheadBy: integer("ahead_by"),
    totalCommits: integer("total_commits"),
    commits: jsonb("commits")
      .$type<ComparedCommit[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    htmlUrl: text("html_url"),
    error: text("error"),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
    fetchedAt: timestamp("fetched_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.repo, t.base, t.head] })],
);
