import { RequestError, type Octokit } from "octokit";
import type { DbOrTx } from "@/db/client";
import type { Enqueue } from "@/lib/jobs/define-job";
import { hasFreshFailure, notifyGithubDeploymentFailure } from "./deployment-failures";
import type { GithubDeployment, GithubDeploymentStatus, GithubRelease, GithubWorkflowRun } from "./types";
import {
  pruneReleases,
  upsertDeployment,
  upsertDeploymentStatus,
  upsertRelease,
  upsertWorkflowRun,
} from "./store-delivery";

const RECENT_DEPLOYMENTS = 100;
const RECENT_RUNS = 50;

async function orEmpty<T>(read: () => Promise<T[]>): Promise<T[]> {
  try {
    return await read();
  } catch (error) {
    // A repository without Actions or deployments answers 404 (or 403 when disabled).
    if (error instanceof RequestError && (error.status === 404 || error.status === 403)) return [];
    throw error;
  }
}

/**
 * Reads a repository's recent deployments (with every status), all releases and recent workflow
 * runs, and stores them. Reads happen first; writes go in one short transaction, with the notice of
 * a production deployment that has just failed (deployment-failures.ts).
 */
export async function syncRepoDelivery(
  db: DbOrTx,
  octokit: Octokit,
  owner: string,
  repo: string,
  deps: { enqueue?: Enqueue | null } = {},
): Promise<{ deployments: number; releases: number; runs: number }> {
  const fullName = `${owner}/${repo}`;
  const deployments = await orEmpty(
    async () =>
      (await octokit.request("GET /repos/{owner}/{repo}/deployments", { owner, repo, per_page: RECENT_DEPLOYMENTS }))
        .data as GithubDeployment[],
  );
  const statuses = new Map<number, GithubDeploymentStatus[]>();
  for (const deployment of deployments) {
    const list = await orEmpty(() =>
      octokit.paginate("GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses", {
        owner,
        repo,
        deployment_id: deployment.id,
        per_page: 100,
      }),
    );
    statuses.set(deployment.id, list as GithubDeploymentStatus[]);
  }
  const releases = (await orEmpty(() =>
    octokit.paginate("GET /repos/{owner}/{repo}/releases", { owner, repo, per_page: 100 }),
  )) as GithubRelease[];
  const runs = await orEmpty(async () => {
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/actions/runs", {
      owner,
      repo,
      per_page: RECENT_RUNS,
    });
    return (data as { workflow_runs?: GithubWorkflowRun[] }).workflow_runs ?? [];
  });

  await db.transaction(async (tx) => {
    for (const deployment of deployments) {
      await upsertDeployment(tx, fullName, deployment);
      const list = statuses.get(deployment.id) ?? [];
      for (const status of list) await upsertDeploymentStatus(tx, deployment.id, status);
      if (hasFreshFailure(list)) await notifyGithubDeploymentFailure(tx, deployment.id, deps);
    }
    for (const release of releases) await upsertRelease(tx, fullName, release);
    await pruneReleases(
      tx,
      fullName,
      releases.map((r) => r.id),
    );
    for (const run of runs) await upsertWorkflowRun(tx, fullName, run);
  });
  return { deployments: deployments.length, releases: releases.length, runs: runs.length };
}
