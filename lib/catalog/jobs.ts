import { z } from "zod";
import { defineJob, type JobSchedule } from "@/lib/jobs/define-job";
import { pruneSearchWords } from "./search-words";

/** Forgets the search words no entity holds any more (search-words.ts pruneSearchWords). */
export const searchWordsPruneJob = defineJob({
  name: "search-words-prune",
  schema: z.object({}).passthrough(),
  retryLimit: 1,
  // Hourly work: no need to look for it more often than once a minute.
  pollingIntervalSeconds: 60,
  handle: async (_payload, { database }) => ({ removed: await pruneSearchWords(database.db) }),
});

export const CATALOG_JOBS = [searchWordsPruneJob];

export const CATALOG_SCHEDULES: JobSchedule[] = [{ name: searchWordsPruneJob.name, cron: "17 * * * *" }];
