import { z } from "zod";
import { defineJob, type JobSchedule } from "@/lib/jobs/define-job";
import { readProbeConfig } from "./probe-config";
import { probeEnvironmentNow, runHealthProbes, type EnvironmentKey, type ProbeRoundSummary } from "./run-health-probes";
import type { Enqueue } from "@/lib/jobs/define-job";

export const healthProbeJob = defineJob({
  name: "health-probe",
  schema: z.object({}).passthrough(),
  retryLimit: 0,
  // pg-boss schedules by the minute; shorter intervals run several rounds inside one job.
  handle: async (_payload, { database }) => {
    const config = readProbeConfig();
    const rounds = config.intervalSeconds < 60 ? Math.floor(60 / config.intervalSeconds) : 1;
    const summaries = [];
    for (let round = 0; round < rounds; round++) {
      const started = Date.now();
      summaries.push(await runHealthProbes(database.db, config));
      const wait = config.intervalSeconds * 1000 - (Date.now() - started);
      if (round < rounds - 1 && wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    return summaries;
  },
});

/** A deployment just landed: probe its environment at once (a worker wakes on NOTIFY, polls every second). */
export const environmentProbeJob = defineJob({
  name: "environment-probe",
  schema: z.object({ serviceRef: z.string().min(1).max(500), environment: z.string().min(1).max(200) }),
  retryLimit: 0,
  pollingIntervalSeconds: 1,
  notify: true,
  concurrency: 2,
  mergeWaiting: true,
  handle: async (key, { database }) => probeEnvironmentNow(database.db, readProbeConfig(), key),
});

/**
 * Asks for a probe of the environment a deployment was recorded in: requests while one waits become
 * that one; a request while one runs queues the next (the deployment may have landed after it probed).
 */
export async function requestEnvironmentProbe(enqueue: Enqueue, key: EnvironmentKey): Promise<string | null> {
  return enqueue(environmentProbeJob.name, key, { singletonKey: `${key.serviceRef} ${key.environment}` });
}

export const HEALTH_JOBS = [healthProbeJob, environmentProbeJob];

/** The services whose environments changed state in what a probe job returned (one round or several). */
export function changedServicesOf(result: unknown): string[] {
  const rounds = (Array.isArray(result) ? result : [result]) as Partial<ProbeRoundSummary>[];
  return [...new Set(rounds.flatMap((r) => (Array.isArray(r?.changedServices) ? r.changedServices : [])))];
}

export const HEALTH_SCHEDULES: JobSchedule[] = [{ name: healthProbeJob.name, cron: "* * * * *" }];
