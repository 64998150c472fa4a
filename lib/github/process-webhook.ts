import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { deployments, githubRepositories, githubWebhookDeliveries } from "@/db/schema";
import type { Enqueue } from "@/lib/jobs/define-job";
import { createGithubClient } from "./client";
import { notifyGithubDeploymentFailure } from "./deployment-failures";
import { CODEOWNERS_PATHS } from "./codeowners";
import type { GithubConfig } from "./config";
import {
  deleteRelease,
  renameRepoDelivery,
  upsertDeployment,
  upsertDeploymentStatus,
  upsertRelease,
  upsertWorkflowRun,
} from "./store-delivery";
import { removeRepository, resyncRepository } from "./resync-repository";
import { syncTeams } from "./sync-teams";
import type { GithubDeployment, GithubDeploymentStatus, GithubRelease, GithubWorkflowRun } from "./types";

type Payload = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function pushTouchesCatalog(db: DbOrTx, config: GithubConfig, payload: Payload): Promise<boolean> {
  const repo = payload.repository;
  if (payload.ref !== `refs/heads/${repo.default_branch ?? repo.master_branch}`) return false;
  const commits: Payload[] = payload.commits ?? [];
  // GitHub lists at most 20 commits in a push payload: beyond that, re-read to be safe.
  if (commits.length >= 20 || payload.forced) return true;
  const [known] = await db.select().from(githubRepositories).where(eq(githubRepositories.fullName, repo.full_name));
  const watched = new Set<string>([config.catalogPath, ...CODEOWNERS_PATHS, ...(known?.descriptorFiles ?? [])]);
  return commits.some((c) =>
    [...(c.added ?? []), ...(c.modified ?? []), ...(c.removed ?? [])].some((f: string) => watched.has(f)),
  );
}

/** Applies one stored delivery: just what it touches. Returns what was done, for the job log. */
async function apply(
  db: DbOrTx,
  config: GithubConfig,
  delivery: { id: string; event: string; payload: Payload },
  enqueue?: Enqueue,
): Promise<string> {
  const { event, payload } = delivery;
  const repo = payload.repository;
  const org: string | undefined = payload.organization?.login ?? repo?.owner?.login;
  if (!org) return "ignored: no organisation or repository in the payload";
  if (config.orgs.length > 0 && !config.orgs.some((o) => o.toLowerCase() === org.toLowerCase()))
    return "ignored: organisation not configured";
  const fullName: string | undefined = repo?.full_name;
  const client = () => createGithubClient(config, db, org);

  switch (event) {
    case "push":
      if (!(await pushTouchesCatalog(db, config, payload))) return "ignored: no descriptor or CODEOWNERS change";
      return resyncRepository(db, await client(), fullName!);
    case "repository": {
      if (payload.action === "deleted") return removeRepository(db, fullName!);
      if (payload.action === "renamed") {
        const from = `${repo.owner.login}/${payload.changes?.repository?.name?.from}`;
        await removeRepository(db, from, { keepDelivery: true });
        await renameRepoDelivery(db, from, fullName!);
      }
      return resyncRepository(db, await client(), fullName!);
    }
    case "team":
    case "membership":
    case "organization":
    case "team_add": {
      const gh = await client();
      await syncTeams(db, gh.octokit, org);
      // A team gaining or losing a repository may change who owns an inferred component.
      if (fullName) await resyncRepository(db, gh, fullName);
      return "teams re-read";
    }
    case "deployment":
      await upsertDeployment(db, fullName!, payload.deployment as GithubDeployment);
      return "deployment stored";
    case "deployment_status":
      // The status, its projection and the notice of a production failure land together.
      await db.transaction(async (tx) => {
        await upsertDeployment(tx, fullName!, payload.deployment as GithubDeployment);
        await upsertDeploymentStatus(tx, payload.deployment.id, payload.deployment_status as GithubDeploymentStatus);
        await notifyGithubDeploymentFailure(tx, payload.deployment.id, { enqueue });
      });
      return "deployment status stored";
    case "release":
      if (payload.action === "deleted") await deleteRelease(db, payload.release.id);
      else await upsertRelease(db, fullName!, payload.release as GithubRelease);
      return "release stored";
    case "pull_request":
      // Previews live in provisioning, which depends on this module: a job hands the delivery over.
      if (!enqueue) return "ignored: no queue to hand the pull request to";
      await enqueue(PULL_REQUEST_JOB, { deliveryId: delivery.id }, { singletonKey: `pr:${delivery.id}` });
      return "handed to pull-request previews";
    case "workflow_run":
      await upsertWorkflowRun(db, fullName!, payload.workflow_run as GithubWorkflowRun);
      return "workflow run stored";
    default:
      return "ignored";
  }
}

/** The job that opens, redeploys and destroys pull-request previews (defined in lib/provisioning/jobs.ts). */
export const PULL_REQUEST_JOB = "pull-request-preview";

export async function processWebhookDelivery(
  db: DbOrTx,
  config: GithubConfig,
  deliveryId: string,
  enqueue?: Enqueue,
): Promise<string> {
  const [delivery] = await db.select().from(githubWebhookDeliveries).where(eq(githubWebhookDeliveries.id, deliveryId));
  if (!delivery) return "unknown delivery";
  // A job sent again by the sweep (or a redelivery) for a delivery that got done meanwhile.
  if (delivery.status === "processed" || delivery.status === "ignored") return `already ${delivery.status}`;
  try {
    const outcome = await apply(
      db,
      config,
      { id: delivery.id, event: delivery.event, payload: delivery.payload as Payload },
      enqueue,
    );
    const status = outcome.startsWith("ignored") ? "ignored" : "processed";
    await db
      .update(githubWebhookDeliveries)
      .set({ status, error: null, processedAt: new Date() })
      .where(eq(githubWebhookDeliveries.id, deliveryId));
    return outcome;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db
      .update(githubWebhookDeliveries)
      .set({ status: "failed", error: message.slice(0, 2000), processedAt: new Date() })
      .where(eq(githubWebhookDeliveries.id, deliveryId));
    throw error;
  }
}

/** The service environment a deployment delivery was about, once processed (null when it names no catalog service). */
export async function deployedEnvironment(
  db: DbOrTx,
  deliveryId: string,
): Promise<{ serviceRef: string; environment: string } | null> {
  const [delivery] = await db
    .select({ payload: githubWebhookDeliveries.payload })
    .from(githubWebhookDeliveries)
    .where(eq(githubWebhookDeliveries.id, deliveryId));
  const id = (delivery?.payload as { deployment?: { id?: unknown } } | undefined)?.deployment?.id;
  if (typeof id !== "number") return null;
  const [row] = await db
    .select({ serviceRef: deployments.serviceRef, environment: deployments.environment })
    .from(deployments)
    .where(and(eq(deployments.source, "github"), eq(deployments.externalId, String(id))));
  return row?.serviceRef ? { serviceRef: row.serviceRef, environment: row.environment } : null;
}
