import type { z } from "zod";
import type { syncRunView } from "./responses";
import { desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { githubRepositories, githubSyncRuns, locations } from "@/db/schema";
import { isGithubSyncConfigured, type GithubConfig } from "./config";

/** A run still "running" after this long was cut off (a restart); it is shown as interrupted. */
const STALE_RUN_MS = 60 * 60 * 1000;

/** One GitHub sync run (its schema, which the API documents, is in responses.ts). */
export type SyncRunView = z.output<typeof syncRunView>;

export async function listSyncRuns(db: DbOrTx, limit = 20): Promise<SyncRunView[]> {
  const rows = await db.select().from(githubSyncRuns).orderBy(desc(githubSyncRuns.id)).limit(limit);
  const now = Date.now();
  return rows.map((r) => ({
    ...r,
    status: r.status === "running" && now - r.startedAt.getTime() > STALE_RUN_MS ? "interrupted" : r.status,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
  }));
}

export async function isSyncRunning(db: DbOrTx): Promise<boolean> {
  const [row] = await db
    .select({ id: githubSyncRuns.id })
    .from(githubSyncRuns)
    .where(sql`${githubSyncRuns.status} = 'running' and ${githubSyncRuns.startedAt} > now() - interval '1 hour'`)
    .limit(1);
  return Boolean(row);
}

/** What the Admin page may show about the configuration: never a secret, only whether it is set. */
export function describeGithubConfig(config: GithubConfig) {
  return {
    isConfigured: isGithubSyncConfigured(config),
    apiUrl: config.apiUrl,
    orgs: config.orgs,
    authMode: config.auth.mode,
    isWebhookSecretSet: Boolean(config.webhookSecret),
    catalogPath: config.catalogPath,
    includeArchived: config.includeArchived,
    includeForks: config.includeForks,
    syncInterval: config.syncInterval,
  };
}

/** The GitHub repository behind a catalog location, and how its last read went. */
export async function githubSourceOf(db: DbOrTx, locationId: string) {
  const [row] = await db
    .select({
      fullName: githubRepositories.fullName,
      htmlUrl: githubRepositories.htmlUrl,
      lastSyncedAt: githubRepositories.lastSyncedAt,
      lastError: githubRepositories.lastError,
      locationErrors: locations.lastErrors,
    })
    .from(locations)
    .leftJoin(githubRepositories, eq(githubRepositories.locationId, locations.id))
    .where(eq(locations.id, locationId))
    .limit(1);
  return row ?? null;
}
