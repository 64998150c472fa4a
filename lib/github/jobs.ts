import { z } from "zod";
import { defineJob, type JobSchedule } from "@/lib/jobs/define-job";
import { readGithubConfig } from "./config";
import { runGithubSync } from "./run-sync";
import { processWebhookDelivery } from "./process-webhook";
import { sweepStuckDeliveries } from "./sweep-webhooks";

export const githubSyncJob = defineJob({
  name: "github-sync",
  schema: z.object({ org: z.string().min(1).max(100).optional(), trigger: z.string().max(100).default("schedule") }),
  retryLimit: 0,
  handle: async ({ org, trigger }, { database }) => {
    const summaries = await runGithubSync(database.db, readGithubConfig(), trigger, { org });
    return summaries.map(({ errors, ...rest }) => ({ ...rest, errors: errors.length }));
  },
});

export const githubWebhookJob = defineJob({
  name: "github-webhook",
  schema: z.object({ deliveryId: z.string().min(1).max(200) }),
  pollingIntervalSeconds: 0.5,
  concurrency: 2,
  handle: async ({ deliveryId }, { database, enqueue }) =>
    processWebhookDelivery(database.db, readGithubConfig(), deliveryId, enqueue),
});

export const githubWebhookSweepJob = defineJob({
  name: "github-webhook-sweep",
  schema: z.object({}).loose(),
  retryLimit: 0,
  handle: async (_payload, { database, enqueue }) => sweepStuckDeliveries(database.db, { enqueue }),
});

/** Every 5 minutes: deliveries stuck in `queued` get their job again (or fail with a reason). */
export const GITHUB_SCHEDULES: JobSchedule[] = [{ name: githubWebhookSweepJob.name, cron: "*/5 * * * *" }];
