// Deployments, their statuses, releases and workflow runs, upserted by GitHub id: writing the same
// payload twice (a re-sync, a redelivered webhook) leaves one row with the latest values.
import { and, eq, notInArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { githubDeployments, githubDeploymentStatuses, githubReleases, githubWorkflowRuns } from "@/db/schema";
import type { GithubDeployment, GithubDeploymentStatus, GithubRelease, GithubWorkflowRun } from "./types";

const date = (value: string | null | undefined) => (value ? new Date(value) : null);

function updateAll<T extends Record<string, unknown>>(row: T): Record<string, unknown> {
  const { id: _id, ...rest } = row;
  return rest;
}

export async function upsertDeployment(db: DbOrTx, repo: string, d: GithubDeployment): Promise<void> {
  const row = {
    id: d.id,
    repo,
    environment: d.environment,
    ref: d.ref,
    sha: d.sha,
    task: d.task ?? null,
    description: d.description ?? null,
    creator: d.creator?.login ?? null,
    payload: d.payload ?? null,
    createdAt: new Date(d.created_at),
    updatedAt: new Date(d.updated_at),
  };
  await db
    .insert(githubDeployments)
    .values(row)
    .onConflictDoUpdate({ target: githubDeployments.id, set: updateAll(row) });
}

export async function upsertDeploymentStatus(
  db: DbOrTx,
  deploymentId: number,
  s: GithubDeploymentStatus,
): Promise<void> {
  const row = {
    id: s.id,
    deploymentId,
    state: s.state,
    environment: s.environment ?? null,
    environmentUrl: s.environment_url || null,
    logUrl: s.log_url || s.target_url || null,
    description: s.description ?? null,
    creator: s.creator?.login ?? null,
    createdAt: new Date(s.created_at),
  };
  await db
    .insert(githubDeploymentStatuses)
    .values(row)
    .onConflictDoUpdate({ target: githubDeploymentStatuses.id, set: updateAll(row) });
}

export async function upsertRelease(db: DbOrTx, repo: string, r: GithubRelease): Promise<void> {
  const row = {
    id: r.id,
    repo,
    tagName: r.tag_name,
    name: r.name ?? null,
    body: r.body ?? null,
    isDraft: Boolean(r.draft),
    isPrerelease: Boolean(r.prerelease),
    author: r.author?.login ?? null,
    htmlUrl: r.html_url ?? null,
    targetCommitish: r.target_commitish ?? null,
    createdAt: new Date(r.created_at),
    publishedAt: date(r.published_at),
  };
  await db
    .insert(githubReleases)
    .values(row)
    .onConflictDoUpdate({ target: githubReleases.id, set: updateAll(row) });
}

export async function deleteRelease(db: DbOrTx, id: number): Promise<void> {
  await db.delete(githubReleases).where(eq(githubReleases.id, id));
}

/** After reading a repository's complete release list: drop the ones GitHub no longer has. */
export async function pruneReleases(db: DbOrTx, repo: string, keepIds: number[]): Promise<void> {
  const condition =
    keepIds.length > 0
      ? and(eq(githubReleases.repo, repo), notInArray(githubReleases.id, keepIds))
      : eq(githubReleases.repo, repo);
  await db.delete(githubReleases).where(condition);
}

export async function upsertWorkflowRun(db: DbOrTx, repo: string, w: GithubWorkflowRun): Promise<void> {
  const row = {
    id: w.id,
    repo,
    name: w.name ?? null,
    workflowId: w.workflow_id ?? null,
    runNumber: w.run_number ?? null,
    runAttempt: w.run_attempt ?? null,
    event: w.event ?? null,
    status: w.status ?? null,
    conclusion: w.conclusion ?? null,
    headBranch: w.head_branch ?? null,
    headSha: w.head_sha ?? null,
    actor: w.actor?.login ?? null,
    htmlUrl: w.html_url ?? null,
    createdAt: new Date(w.created_at),
    updatedAt: new Date(w.updated_at),
  };
  await db
    .insert(githubWorkflowRuns)
    .values(row)
    .onConflictDoUpdate({ target: githubWorkflowRuns.id, set: updateAll(row) });
}

/** Everything stored for a repository that is gone (deleted, or renamed away from this name). */
export async function deleteRepoDelivery(db: DbOrTx, repo: string): Promise<void> {
  await db.delete(githubDeployments).where(eq(githubDeployments.repo, repo));
  await db.delete(githubReleases).where(eq(githubReleases.repo, repo));
  await db.delete(githubWorkflowRuns).where(eq(githubWorkflowRuns.repo, repo));
}

/** A rename keeps the history: move it to the new name. */
export async function renameRepoDelivery(db: DbOrTx, from: string, to: string): Promise<void> {
  await db.update(githubDeployments).set({ repo: to }).where(eq(githubDeployments.repo, from));
  await db.update(githubReleases).set({ repo: to }).where(eq(githubReleases.repo, from));
  await db.update(githubWorkflowRuns).set({ repo: to }).where(eq(githubWorkflowRuns.repo, from));
}
