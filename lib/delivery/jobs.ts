import { z } from "zod";
import { createGithubClient } from "@/lib/github/client";
import { isGithubSyncConfigured, readGithubConfig } from "@/lib/github/config";
import { defineJob, type JobSchedule } from "@/lib/jobs/define-job";
import { readProbeConfig } from "@/lib/environments/probe-config";
import { runHealthProbes } from "@/lib/environments/run-health-probes";
import { COMPARE_JOB, fetchComparison } from "./compare-releases";

export const releaseCompareJob = defineJob({
  name: COMPARE_JOB,
  schema: z.object({
    repo: z.string().regex(/^[^/\s]+\/[^/\s]+$/),
    base: z.string().min(1).max(255),
    head: z.string().min(1).max(255),
  }),
  pollingIntervalSeconds: 1,
  concurrency: 2,
  retryLimit: 1,
  handle: async ({ repo, base, head }, { database }) => {
    const config = readGithubConfig();
    const client = await createGithubClient(config, database.db, repo.split("/")[0]);
    const row = await fetchComparison(database.db, client.octokit, repo, base, head);
    return { status: row.status, commits: row.totalCommits };
  },
});

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

export const DELIVERY_JOBS = [releaseCompareJob, healthProbeJob];

export function deliverySchedules(): JobSchedule[] {
  return [{ name: healthProbeJob.name, cron: "* * * * *" }];
}

export const canFetchComparisons = () => isGithubSyncConfigured(readGithubConfig());
