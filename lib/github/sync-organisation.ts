import { and, eq, inArray, like, notInArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { Enqueue } from "@/lib/jobs/define-job";
import { githubRepositories, githubSyncRuns, locations, type SyncRunError } from "@/db/schema";
import { deleteLocation } from "@/lib/catalog/import-entities";
import type { GithubClient } from "./client";
import { deleteRepoDelivery } from "./store-delivery";
import { syncRepository } from "./sync-repository";
import { syncTeams, teamsLocationId } from "./sync-teams";
import type { GithubRepo } from "./types";

export type SyncSummary = {
  runId: number;
  org: string;
  status: "succeeded" | "partial" | "failed";
  durationMs: number;
  repos: number;
  entities: number;
  removed: number;
  calls: number;
  notModified: number;
  charged: number;
  rateLimitRemaining: number | null;
  errors: SyncRunError[];
};

function messageOf(error: unknown): string {
  if (error && typeof error === "object" && "status" in error && "message" in error) {
    return `GitHub answered ${(error as { status: number }).status}: ${(error as { message: string }).message}`;
  }
  return error instanceof Error ? error.message : String(error);
}

async function inPool<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(runners);
}

/** Removes what the catalog holds for repositories of `org` that GitHub no longer lists. */
export async function removeVanishedRepos(db: DbOrTx, org: string, present: string[]): Promise<number> {
  const gone = await db
    .select({ fullName: githubRepositories.fullName, locationId: githubRepositories.locationId })
    .from(githubRepositories)
    .where(
      present.length > 0
        ? and(eq(githubRepositories.org, org), notInArray(githubRepositories.fullName, present))
        : eq(githubRepositories.org, org),
    );
  await db.transaction(async (tx) => {
    for (const repo of gone) {
      await deleteLocation(tx, repo.locationId);
      await deleteRepoDelivery(tx, repo.fullName);
    }
    if (gone.length > 0)
      await tx.delete(githubRepositories).where(
        inArray(
          githubRepositories.fullName,
          gone.map((g) => g.fullName),
        ),
      );
  });
  return gone.length;
}

/**
 * Discovers one organisation into the catalog: teams and members, then every repository (in a
 * small pool), then removes repositories that vanished — only when the repository list was read
 * completely, so a failed sync never deletes anything. The run and its cost are recorded.
 */
export async function syncOrganisation(
  db: DbOrTx,
  client: GithubClient,
  org: string,
  trigger = "manual",
  deps: { enqueue?: Enqueue | null } = {},
): Promise<SyncSummary> {
  const started = Date.now();
  const { octokit, stats, config } = client;
  const [run] = await db
    .insert(githubSyncRuns)
    .values({ org, trigger, status: "running" })
    .returning({ id: githubSyncRuns.id });
  const errors: SyncRunError[] = [];
  let status: SyncSummary["status"] = "succeeded";
  let repos: GithubRepo[] = [];
  let removed = 0;
  const progress = () =>
    db
      .update(githubSyncRuns)
      .set({
        calls: stats.calls,
        notModified: stats.notModified,
        rateLimitRemaining: stats.rateLimitRemaining,
        repos: repos.length,
      })
      .where(eq(githubSyncRuns.id, run.id));
  try {
    try {
      await syncTeams(db, octokit, org);
    } catch (error) {
      errors.push({ file: "teams", message: `teams and members were not read: ${messageOf(error)}` });
    }
    const listed = (await octokit.paginate("GET /orgs/{org}/repos", {
      org,
      type: "all",
      per_page: 100,
    })) as GithubRepo[];
    repos = listed.filter((r) => (config.includeArchived || !r.archived) && (config.includeForks || !r.fork));
    await progress();
    let done = 0;
    await inPool(repos, config.concurrency, async (repo) => {
      try {
        const result = await syncRepository(db, octokit, repo, {
          catalogPath: config.catalogPath,
          enqueue: deps.enqueue,
        });
        errors.push(...result.errors);
      } catch (error) {
        errors.push({ repo: repo.full_name, message: messageOf(error) });
        await db
          .update(githubRepositories)
          .set({ lastError: messageOf(error).slice(0, 2000) })
          .where(eq(githubRepositories.fullName, repo.full_name));
      }
      if (++done % 25 === 0) await progress();
    });
    removed = await removeVanishedRepos(
      db,
      org,
      repos.map((r) => r.full_name),
    );
    if (errors.length > 0) status = "partial";
  } catch (error) {
    status = "failed";
    errors.push({ message: messageOf(error) });
  }
  const [{ count }] = await db
    .select({ count: sql<number>`coalesce(sum(${locations.entityCount}), 0)::int` })
    .from(locations)
    .where(and(like(locations.id, `github:${org}/%`), sql`${locations.id} <> ${teamsLocationId(org)}`));
  const durationMs = Date.now() - started;
  await db
    .update(githubSyncRuns)
    .set({
      status,
      finishedAt: new Date(),
      durationMs,
      calls: stats.calls,
      notModified: stats.notModified,
      rateLimitRemaining: stats.rateLimitRemaining,
      repos: repos.length,
      entities: count,
      removed,
      errors: errors.slice(0, 500),
    })
    .where(eq(githubSyncRuns.id, run.id));
  return {
    runId: run.id,
    org,
    status,
    durationMs,
    repos: repos.length,
    entities: count,
    removed,
    calls: stats.calls,
    notModified: stats.notModified,
    charged: stats.charged,
    rateLimitRemaining: stats.rateLimitRemaining,
    errors,
  };
}
