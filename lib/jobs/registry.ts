import { githubSyncJob, githubWebhookJob } from "@/lib/github/jobs";
import { isGithubSyncConfigured, readGithubConfig } from "@/lib/github/config";
import { intervalToCron, type JobDefinition, type JobSchedule } from "./define-job";

/** Every job the worker knows. */
export const JOBS: JobDefinition[] = [githubSyncJob as JobDefinition, githubWebhookJob as JobDefinition];

/** Recurring work, from configuration. */
export function schedulesFromEnv(env: NodeJS.ProcessEnv = process.env): JobSchedule[] {
  const github = readGithubConfig(env);
  if (!isGithubSyncConfigured(github)) return [];
  return [{ name: githubSyncJob.name, cron: intervalToCron(github.syncInterval), payload: { trigger: "schedule" } }];
}
