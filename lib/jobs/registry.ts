import { GITHUB_SCHEDULES, githubSyncJob, githubWebhookJob, githubWebhookSweepJob } from "@/lib/github/jobs";
import { isGithubSyncConfigured, readGithubConfig } from "@/lib/github/config";
import { DELIVERY_JOBS, deliverySchedules } from "@/lib/delivery/jobs";
import { PROVISIONING_JOBS, PROVISIONING_SCHEDULES } from "@/lib/provisioning/jobs";
import { intervalToCron, type JobDefinition, type JobSchedule } from "./define-job";

/** Every job the worker knows. */
export const JOBS: JobDefinition[] = [githubSyncJob as JobDefinition, githubWebhookJob as JobDefinition, githubWebhookSweepJob as JobDefinition, ...(PROVISIONING_JOBS as JobDefinition[]), ...(DELIVERY_JOBS as JobDefinition[])];

/** Recurring work, from configuration. */
export function schedulesFromEnv(env: NodeJS.ProcessEnv = process.env): JobSchedule[] {
  const github = readGithubConfig(env);
  const schedules = [...PROVISIONING_SCHEDULES, ...deliverySchedules(), ...GITHUB_SCHEDULES];
  if (isGithubSyncConfigured(github)) schedules.push({ name: githubSyncJob.name, cron: intervalToCron(github.syncInterval), payload: { trigger: "schedule" } });
  return schedules;
}
