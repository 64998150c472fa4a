import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, jsonb, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";

export type SyncRunError = { repo?: string; file?: string; document?: number; field?: string; message: string };

/** Conditional-request cache: the last 200 per URL with its validators, replayed on a 304. */
export const githubHttpCache = pgTable("github_http_cache", {
  key: text("key").primaryKey(),
  etag: text("etag"),
  lastModified: text("last_modified"),
  /** The response headers worth replaying (link for pagination, content-type). */
  headers: jsonb("headers").$type<Record<string, string>>().notNull().default({}),
  body: text("body").notNull(),
  storedAt: timestamp("stored_at", { withTimezone: true }).notNull().defaultNow(),
});

/** One discovery sync of one organisation: what it cost and what went wrong. */
export const githubSyncRuns = pgTable(
  "github_sync_runs",
  {
    id: serial("id").primaryKey(),
    org: text("org").notNull(),
    trigger: text("trigger").notNull(),
    /** running | succeeded | partial (some repositories failed) | failed */
    status: text("status").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    durationMs: integer("duration_ms"),
    calls: integer("calls").notNull().default(0),
    notModified: integer("not_modified").notNull().default(0),
    rateLimitRemaining: integer("rate_limit_remaining"),
    repos: integer("repos").notNull().default(0),
    entities: integer("entities").notNull().default(0),
    removed: integer("removed").notNull().default(0),
    errors: jsonb("errors").$type<SyncRunError[]>().notNull().default([]),
  },
  (t) => [index("github_sync_runs_org_idx").on(t.org, t.id)],
);

/** Every repository the sync knows, with what it found there last time. */
export const githubRepositories = pgTable(
  "github_repositories",
  {
    fullName: text("full_name").primaryKey(),
    org: text("org").notNull(),
    name: text("name").notNull(),
    githubId: bigint("github_id", { mode: "number" }).notNull(),
    htmlUrl: text("html_url").notNull(),
    defaultBranch: text("default_branch").notNull(),
    isArchived: boolean("is_archived").notNull().default(false),
    /** pushed_at + default branch + descriptor path: when it is unchanged, files are unchanged. */
    contentFingerprint: text("content_fingerprint"),
    /** Descriptor files read last time (root first); empty when the component is inferred. */
    descriptorFiles: text("descriptor_files").array().notNull().default([]),
    codeownersTeam: text("codeowners_team"),
    locationId: text("location_id").notNull(),
    lastSyncedAt: timestamp("last_synced_at", { withTimezone: true }),
    lastError: text("last_error"),
  },
  // portolan_repository_of (migration 0018) looks repositories up by location and by name in any case.
  (t) => [
    index("github_repositories_location_idx").on(t.locationId),
    index("github_repositories_lower_name_idx").on(sql`lower(${t.fullName})`),
  ],
);

export const githubDeployments = pgTable(
  "github_deployments",
  {
    id: bigint("id", { mode: "number" }).primaryKey(),
    repo: text("repo").notNull(),
    environment: text("environment").notNull(),
    ref: text("ref").notNull(),
    sha: text("sha").notNull(),
    task: text("task"),
    description: text("description"),
    creator: text("creator"),
    payload: jsonb("payload").$type<unknown>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("github_deployments_repo_idx").on(t.repo, t.environment, t.createdAt)],
);

export const githubDeploymentStatuses = pgTable(
  "github_deployment_statuses",
  {
    id: bigint("id", { mode: "number" }).primaryKey(),
    deploymentId: bigint("deployment_id", { mode: "number" })
      .notNull()
      .references(() => githubDeployments.id, { onDelete: "cascade" }),
    state: text("state").notNull(),
    environment: text("environment"),
    environmentUrl: text("environment_url"),
    logUrl: text("log_url"),
    description: text("description"),
    creator: text("creator"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("github_deployment_statuses_deployment_idx").on(t.deploymentId, t.createdAt)],
);

export const githubReleases = pgTable(
  "github_releases",
  {
    id: bigint("id", { mode: "number" }).primaryKey(),
    repo: text("repo").notNull(),
    tagName: text("tag_name").notNull(),
    name: text("name"),
    body: text("body"),
    isDraft: boolean("is_draft").notNull().default(false),
    isPrerelease: boolean("is_prerelease").notNull().default(false),
    author: text("author"),
    htmlUrl: text("html_url"),
    targetCommitish: text("target_commitish"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    publishedAt: timestamp("published_at", { withTimezone: true }),
  },
  (t) => [index("github_releases_repo_idx").on(t.repo, t.createdAt)],
);

export const githubWorkflowRuns = pgTable(
  "github_workflow_runs",
  {
    id: bigint("id", { mode: "number" }).primaryKey(),
    repo: text("repo").notNull(),
    name: text("name"),
    workflowId: bigint("workflow_id", { mode: "number" }),
    runNumber: integer("run_number"),
    runAttempt: integer("run_attempt"),
    event: text("event"),
    status: text("status"),
    conclusion: text("conclusion"),
    headBranch: text("head_branch"),
    headSha: text("head_sha"),
    actor: text("actor"),
    htmlUrl: text("html_url"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("github_workflow_runs_repo_idx").on(t.repo, t.createdAt)],
);

/** Webhook deliveries, for deduplication by X-GitHub-Delivery and for the job to read. */
export const githubWebhookDeliveries = pgTable(
  "github_webhook_deliveries",
  {
    id: text("id").primaryKey(),
    event: text("event").notNull(),
    action: text("action"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    /** queued | processed | ignored | failed */
    status: text("status").notNull(),
    error: text("error"),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp("processed_at", { withTimezone: true }),
    /** When its job was last sent (with the delivery, in one transaction), and how often. */
    enqueuedAt: timestamp("enqueued_at", { withTimezone: true }).notNull().defaultNow(),
    attempts: integer("attempts").notNull().default(1),
  },
  // The sweep looks for deliveries stuck in `queued`.
  (t) => [
    index("github_webhook_deliveries_queued_idx")
      .on(t.enqueuedAt)
      .where(sql`${t.status} = 'queued'`),
  ],
);
