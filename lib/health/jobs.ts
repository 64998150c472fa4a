import { z } from "zod";
import { defineJob, type JobSchedule } from "@/lib/jobs/define-job";
import { readProbeConfig } from "./probe-config";
import { runHealthProbes } from "./run-health-probes";

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

export const HEALTH_JOBS = [healthProbeJob];

export const HEALTH_SCHEDULES: JobSchedule[] = [{ name: healthProbeJob.name, cron: "* * * * *" }];
