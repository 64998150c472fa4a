import { z } from "zod";
import { PULL_REQUEST_JOB } from "@/lib/github/process-webhook";
import { handlePullRequestDelivery } from "./pull-request-previews";
import { defineJob, type JobSchedule } from "@/lib/jobs/define-job";
import { destroyEnvironment, reapExpiredEnvironments } from "./self-service-lifecycle";
import { applySleepSchedules, sleepEnvironment, wakeEnvironment } from "./sleep-wake";
import { WORKER_ID, executeStartedRun } from "./engine";
import { processRunPool } from "./run-pool";
import { startRun } from "./run-store";
import { reconcileContainers } from "./reconcile-containers";
import { reconcileLocalProcesses } from "./reconcile-local-processes";
import { recoverAfterRestart, recoverStaleRuns } from "./recover-runs";

export const provisioningRunJob = defineJob({
  name: "provisioning-run",
  schema: z.object({ runId: z.uuid(), failReason: z.string().optional() }),
  // Woken by NOTIFY on send; fetched 10 at a time, and again at once while there are more: the
  // handler only claims the run and starts it in this process's run pool (see run-pool.ts).
  notify: true,
  pollingIntervalSeconds: 0.5,
  batchSize: 10,
  concurrency: 2,
  // The run itself is the durable record; a redelivered job finds it claimed or done and returns.
  retryLimit: 0,
  handle: async ({ runId, failReason }, { database, enqueue }) => {
    const pool = processRunPool();
    await pool.acquire();
    let started;
    try {
      started = await startRun(database.db, runId, WORKER_ID);
    } catch (error) {
      pool.release();
      throw error;
    }
    if (!started) {
      pool.release();
      return null;
    }
    pool.track(executeStartedRun(database, started, { failReason, enqueue }));
    return "started";
  },
  drain: (timeoutMs) => processRunPool().idle(timeoutMs),
});

export const environmentDestroyJob = defineJob({
  name: "environment-destroy",
  schema: z.object({ environmentId: z.uuid() }),
  // Woken by NOTIFY on send; the 2 s poll is the floor for retries (each of the 5 local workers polls).
  notify: true,
  pollingIntervalSeconds: 2,
  concurrency: 5,
  retryLimit: 3,
  handle: async ({ environmentId }, { database }) => destroyEnvironment(database, environmentId),
});

/** Sleep and wake: the work behind POST /environments/{id}/sleep and /wake (sleep-wake.ts). */
export const environmentSleepJob = defineJob({
  name: "environment-sleep",
  schema: z.object({ environmentId: z.uuid() }),
  // Woken by NOTIFY on send; the 2 s poll is the floor for retries (each of the 5 local workers polls).
  notify: true,
  pollingIntervalSeconds: 2,
  concurrency: 5,
  retryLimit: 3,
  handle: async ({ environmentId }, { database }) => sleepEnvironment(database, environmentId),
});

export const environmentWakeJob = defineJob({
  name: "environment-wake",
  schema: z.object({ environmentId: z.uuid() }),
  // Woken by NOTIFY on send; the 2 s poll is the floor for retries (each of the 5 local workers polls).
  notify: true,
  pollingIntervalSeconds: 2,
  concurrency: 5,
  retryLimit: 3,
  handle: async ({ environmentId }, { database }) => wakeEnvironment(database, environmentId),
});

/** Every minute: templates' sleep schedules put their environments to sleep and wake them. */
export const sleepScheduleJob = defineJob({
  name: "environments-sleep-schedule",
  schema: z.object({}).loose(),
  handle: async (_payload, { database, enqueue }) => {
    const { slept, woken } = await applySleepSchedules(database, { enqueue });
    return { slept: slept.length, woken: woken.length };
  },
});

/** A pull_request delivery, handed over by the GitHub webhook job: open, redeploy or destroy previews. */
export const pullRequestPreviewJob = defineJob({
  name: PULL_REQUEST_JOB,
  schema: z.object({ deliveryId: z.string().min(1).max(200) }),
  pollingIntervalSeconds: 0.5,
  // One at a time per worker, so an opened and a labeled delivery of one pull request do not both open one.
  concurrency: 1,
  // A push while the environment is still provisioning waits for the run to end: retried for minutes.
  retryLimit: 8,
  retryDelaySeconds: 10,
  retryBackoff: true,
  handle: async ({ deliveryId }, { database, enqueue }) => handlePullRequestDelivery(database, deliveryId, { enqueue }),
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
  onWorkerStart: async ({ database, enqueue }) => {
    await recoverAfterRestart(database, { enqueue });
    // Preview processes left from before this start: stop leftovers, adopt live ones, flag vanished ones.
    const { stopped, adopted, vanished } = await reconcileLocalProcesses(database);
    if (stopped.length + adopted.length + vanished.length) {
      console.info(
        `[portolan] local processes at start: ${adopted.length} adopted, ${stopped.length} leftovers stopped, ${vanished.length} environments whose process is gone`,
      );
    }
  },
});

/** Every minute and at worker start: containers of gone environments removed, vanished ones shown down. */
export const containersReconcileJob = defineJob({
  name: "containers-reconcile",
  schema: z.object({}).loose(),
  handle: async (_payload, { database }) => {
    const report = await reconcileContainers(database);
    return { removed: report.removed.length, down: report.down.length };
  },
  onWorkerStart: async ({ database }) => {
    const { removed, down } = await reconcileContainers(database).catch((error) => {
      console.warn(`[portolan] container reconcile at start failed: ${error instanceof Error ? error.message : error}`);
      return { removed: [], down: [] };
    });
    if (removed.length + down.length)
      console.info(
        `[portolan] containers at start: ${removed.length} leftover objects removed, ${down.length} environments whose containers are gone`,
      );
  },
});

export const PROVISIONING_JOBS = [
  provisioningRunJob,
  environmentDestroyJob,
  environmentSleepJob,
  environmentWakeJob,
  sleepScheduleJob,
  pullRequestPreviewJob,
  environmentsReapJob,
  provisioningRecoverJob,
  containersReconcileJob,
];

/** Every minute (pg-boss schedules by cron): the TTL reaper and stale-run recovery. */
export const PROVISIONING_SCHEDULES: JobSchedule[] = [
  { name: environmentsReapJob.name, cron: "* * * * *" },
  { name: provisioningRecoverJob.name, cron: "* * * * *" },
  { name: containersReconcileJob.name, cron: "* * * * *" },
  { name: sleepScheduleJob.name, cron: "* * * * *" },
];
