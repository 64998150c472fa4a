import { z } from "zod";
import { defineJob, type JobSchedule } from "@/lib/jobs/define-job";
import { destroyEnvironment, reapExpiredEnvironments } from "@/lib/environments/self-service-lifecycle";
import { executeRun } from "./engine";
import { recoverStaleRuns } from "./recover-runs";

export const provisioningRunJob = defineJob({
  name: "provisioning-run",
  schema: z.object({ runId: z.uuid(), failReason: z.string().optional() }),
  pollingIntervalSeconds: 0.5,
  concurrency: Number(process.env.PORTOLAN_RUN_CONCURRENCY) || 20,
  // The run itself is the durable record; a redelivered job finds it claimed or done and returns.
  retryLimit: 0,
  handle: async ({ runId, failReason }, { database }) => executeRun(database, runId, { failReason }),
});

export const environmentDestroyJob = defineJob({
  name: "environment-destroy",
  schema: z.object({ environmentId: z.uuid() }),
  pollingIntervalSeconds: 0.5,
  concurrency: 5,
  retryLimit: 3,
  handle: async ({ environmentId }, { database }) => destroyEnvironment(database, environmentId),
});

export const environmentsReapJob = defineJob({
  name: "environments-reap",
  schema: z.object({}).loose(),
  handle: async (_payload, { database, enqueue }) => reapExpiredEnvironments(database, { enqueue }),
});

export const provisioningRecoverJob = defineJob({
  name: "provisioning-recover",
  schema: z.object({}).loose(),
  handle: async (_payload, { database, enqueue }) => recoverStaleRuns(database, { enqueue }),
});

export const PROVISIONING_JOBS = [provisioningRunJob, environmentDestroyJob, environmentsReapJob, provisioningRecoverJob];

/** Every minute (pg-boss schedules by cron): the TTL reaper and stale-run recovery. */
export const PROVISIONING_SCHEDULES: JobSchedule[] = [
  { name: environmentsReapJob.name, cron: "* * * * *" },
  { name: provisioningRecoverJob.name, cron: "* * * * *" },
];
