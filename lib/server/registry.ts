// The composition root of background work: every domain's jobs and schedules, and the process's queue.
// Only entry points (instrumentation.ts, scripts/worker.ts, route handlers and actions) import it;
// domains take `enqueue` as an argument, so no domain depends on every other through the queue.
import { CATALOG_JOBS, CATALOG_SCHEDULES } from "@/lib/catalog/jobs";
import { GITHUB_SCHEDULES, githubSyncJob, githubWebhookJob, githubWebhookSweepJob } from "@/lib/github/jobs";
import { isGithubSyncConfigured, readGithubConfig } from "@/lib/github/config";
import { DELIVERY_JOBS } from "@/lib/delivery/jobs";
import { changedServicesOf, HEALTH_JOBS, HEALTH_SCHEDULES } from "@/lib/health/jobs";
import { PROVISIONING_JOBS, PROVISIONING_SCHEDULES } from "@/lib/provisioning/jobs";
import { requestScorecardRefresh, SCORECARDS_JOBS, SCORECARDS_SCHEDULES } from "@/lib/scorecards/jobs";
import { NOTIFICATION_JOBS, NOTIFICATION_SCHEDULES } from "@/lib/notifications/jobs";
import { intervalToCron, type JobDefinition, type JobSchedule } from "@/lib/jobs/define-job";

/**
 * A probe that changed an environment's state (its first result, a failure, a recovery) moved its
 * service's health.* facts: refresh that service's scorecards now rather than at the 15-minute full refresh.
 */
function refreshingScorecards(job: JobDefinition): JobDefinition {
  return {
    ...job,
    handle: async (payload, ctx) => {
      const result = await job.handle(payload, ctx);
      const changed = changedServicesOf(result);
      if (changed.length) await requestScorecardRefresh(ctx.enqueue, changed);
      return result;
    },
  };
}

/** Every job the worker knows. */
export const JOBS: JobDefinition[] = [
  githubSyncJob as JobDefinition,
  githubWebhookJob as JobDefinition,
  githubWebhookSweepJob as JobDefinition,
  ...(PROVISIONING_JOBS as JobDefinition[]),
  ...(DELIVERY_JOBS as JobDefinition[]),
  ...(HEALTH_JOBS as JobDefinition[]).map(refreshingScorecards),
  ...(SCORECARDS_JOBS as JobDefinition[]),
  ...(NOTIFICATION_JOBS as JobDefinition[]),
  ...(CATALOG_JOBS as JobDefinition[]),
];

/** Recurring work, from configuration. */
export function schedulesFromEnv(env: NodeJS.ProcessEnv = process.env): JobSchedule[] {
  const github = readGithubConfig(env);
  const schedules = [
    ...PROVISIONING_SCHEDULES,
    ...HEALTH_SCHEDULES,
    ...GITHUB_SCHEDULES,
    ...SCORECARDS_SCHEDULES,
    ...NOTIFICATION_SCHEDULES,
    ...CATALOG_SCHEDULES,
  ];
  if (isGithubSyncConfigured(github))
    schedules.push({
      name: githubSyncJob.name,
      cron: intervalToCron(github.syncInterval),
      payload: { trigger: "schedule" },
    });
  return schedules;
}
