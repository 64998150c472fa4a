import { z } from "zod";
import { createGithubClient } from "@/lib/github/client";
import { isGithubSyncConfigured, readGithubConfig } from "@/lib/github/config";
import { defineJob } from "@/lib/jobs/define-job";
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

export const DELIVERY_JOBS = [releaseCompareJob];

export const canFetchComparisons = () => isGithubSyncConfigured(readGithubConfig());
