import { z } from "zod";
import { defineJob } from "@/lib/jobs/define-job";
import { readGithubConfig } from "./config";
import { runGithubSync } from "./run-sync";
import { processWebhookDelivery } from "./process-webhook";

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
  handle: async ({ deliveryId }, { database }) => processWebhookDelivery(database.db, readGithubConfig(), deliveryId),
});
