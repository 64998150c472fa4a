import { z } from "zod";
import { defineJob, type JobSchedule } from "@/lib/jobs/define-job";
import { readGithubConfig } from "./config";
import { runGithubSync } from "./run-sync";
import { deployedEnvironment, processWebhookDelivery } from "./process-webhook";
import { requestEnvironmentProbe } from "@/lib/health/jobs";
import { sweepStuckDeliveries } from "./sweep-webhooks";

export const githubSyncJob = defineJob({
  name: "github-sync",
  schema: z.object({ org: z.string().min(1).max(100).optional(), trigger: z.string().max(100).default("schedule") }),
  retryLimit: 0,
  handle: async ({ org, trigger }, { database, enqueue }) => {
    const summaries = await runGithubSync(database.db, readGithubConfig(), trigger, { org, enqueue });
    return summaries.map(({ errors, ...rest }) => ({ ...rest, errors: errors.length }));
  },
});

export const githubWebhookJob = defineJob({
  name: "github-webhook",
  schema: z.object({ deliveryId: z.string().min(1).max(200) }),
  pollingIntervalSeconds: 0.5,
  concurrency: 2,
  handle: async ({ deliveryId }, { database, enqueue }) => {
    const outcome = await processWebhookDelivery(database.db, readGithubConfig(), deliveryId, enqueue);
    // A deployment landed: its environment's health should follow within seconds, not at the next round.
    const deployed = outcome.startsWith("deployment") ? await deployedEnvironment(database.db, deliveryId) : null;
    if (deployed) await requestEnvironmentProbe(enqueue, deployed);
    return outcome;
  },
});

export const githubWebhookSweepJob = defineJob({
  name: "github-webhook-sweep",
  schema: z.object({}).loose(),
  retryLimit: 0,
  handle: async (_payload, { database, enqueue }) => sweepStuckDeliveries(database.db, { enqueue }),
});

/** Every 5 minutes: deliveries stuck in `queued` get their job again (or fail with a reason). */
export const GITHUB_SCHEDULES: JobSchedule[] = [{ name: githubWebhookSweepJob.name, cron: "*/5 * * * *" }];
