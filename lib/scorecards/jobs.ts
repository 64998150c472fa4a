import { z } from "zod";
import { defineJob, type Enqueue, type JobSchedule } from "@/lib/jobs/define-job";
import { applyingScorecards } from "./catalog-scorecards";
import { refreshScorecards } from "./refresh";
import { sendInitiativeReminders } from "./initiative-reminders";

export const SCORECARDS_REFRESH = "scorecards-refresh";

const payload = z.union([
  z.object({ mode: z.literal("entities"), refs: z.array(z.string().max(300)).min(1).max(5000) }),
  z.object({ mode: z.enum(["full", "changed"]) }),
]);

export const scorecardsRefreshJob = defineJob({
  name: SCORECARDS_REFRESH,
  schema: payload,
  // A deployment or an import should show in seconds: wake a worker at once, poll often.
  notify: true,
  pollingIntervalSeconds: 2,
  retryLimit: 2,
  handle: async (request, { database }) =>
    refreshScorecards(database.db, request, await applyingScorecards(database.db)),
});

/** Reminds owning teams of initiatives whose reminder days have come (once per team and reminder). */
export const initiativeRemindJob = defineJob({
  name: "initiative-remind",
  schema: z.object({}).passthrough(),
  retryLimit: 1,
  handle: async (_payload, { database, enqueue }) =>
    sendInitiativeReminders(database.db, await applyingScorecards(database.db), { enqueue }),
});

export const SCORECARDS_JOBS = [scorecardsRefreshJob, initiativeRemindJob];

/**
 * Every minute: what changed (entities, edges, deployments) — and everything when the last full
 * refresh is 15 minutes old (30-day windows, "days since", health and uptime move with the clock).
 */
export const SCORECARDS_SCHEDULES: JobSchedule[] = [
  { name: SCORECARDS_REFRESH, cron: "* * * * *", payload: { mode: "changed" } },
  { name: initiativeRemindJob.name, cron: "*/15 * * * *" },
];

/**
 * Asks for a refresh after facts changed (a deployment, an import). The change is already committed:
 * a queue that cannot take the job is logged, and the minute's refresh picks the change up.
 */
export async function requestScorecardRefresh(enqueue: Enqueue, refs?: string[]): Promise<void> {
  try {
    await enqueue(SCORECARDS_REFRESH, refs?.length ? { mode: "entities", refs } : { mode: "changed" });
  } catch (error) {
    console.warn(`[scorecards] refresh not queued: ${error instanceof Error ? error.message : String(error)}`);
  }
}
