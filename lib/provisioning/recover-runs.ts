import { and, eq, lt, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { provisioningRuns } from "@/db/schema";
import { heartbeatTimeoutMs } from "./engine";
import type { Enqueue } from "@/lib/jobs/define-job";
import { appendEvent } from "./run-store";

/** How often a run is resumed after its worker died before it is failed (and rolled back) instead. */
export const MAX_RECOVERIES = 2;

/**
 * Stale-run recovery: a run whose worker stopped beating is put back in the queue for another
 * worker to resume (or, after MAX_RECOVERIES, to fail with a reason and roll back). Queued runs
 * whose job was lost are sent again. Safe to run on every worker at once: each change is one
 * conditional UPDATE.
 */
export async function recoverStaleRuns(
  database: Database,
  deps: { enqueue: Enqueue; timeoutMs?: number; before?: Date },
): Promise<{ resumed: string[]; failed: string[] }> {
  const { db } = database;
  const timeoutMs = deps.timeoutMs ?? heartbeatTimeoutMs();
  // `before`: no heartbeat since then (a process that started then knows the rest are not its own).
  const cutoff = deps.before
    ? sql`${deps.before.toISOString()}::timestamptz`
    : sql`now() - make_interval(secs => ${timeoutMs / 1000})`;
  const stale = await db
    .update(provisioningRuns)
    // Raising the fencing token hands the run over: the old worker's writes change nothing from now on.
    .set({
      status: "queued",
      workerId: null,
      claim: sql`${provisioningRuns.claim} + 1`,
      recoveries: sql`${provisioningRuns.recoveries} + 1`,
    })
    .where(and(eq(provisioningRuns.status, "running"), lt(provisioningRuns.heartbeatAt, cutoff)))
    .returning({ id: provisioningRuns.id, recoveries: provisioningRuns.recoveries });
  const resumed: string[] = [];
  const failed: string[] = [];
  for (const run of stale) {
    const giveUp = run.recoveries > MAX_RECOVERIES;
    const cause = deps.before
      ? "the process running it is gone (the app restarted)"
      : `the worker running it stopped responding (no heartbeat for ${Math.round(timeoutMs / 1000)} s)`;
    const reason = `${cause}${giveUp ? ` ${run.recoveries} times` : ""}`;
    await appendEvent(
      db,
      run.id,
      giveUp
        ? `${reason}; failing the run and removing what it started`
        : `${reason}; resuming${deps.before ? "" : " on another worker"}`,
      { level: "warn" },
    );
    await deps.enqueue("provisioning-run", giveUp ? { runId: run.id, failReason: reason } : { runId: run.id });
    (giveUp ? failed : resumed).push(run.id);
  }
  const lost = await db
    .select({ id: provisioningRuns.id })
    .from(provisioningRuns)
    .where(
      and(
        eq(provisioningRuns.status, "queued"),
        lt(
          provisioningRuns.createdAt,
          deps.before ? cutoff : sql`now() - make_interval(secs => ${(timeoutMs * 2) / 1000})`,
        ),
        lt(sql`coalesce(${provisioningRuns.heartbeatAt}, ${provisioningRuns.createdAt})`, cutoff),
      ),
    );
  for (const run of lost)
    if (!stale.some((s) => s.id === run.id)) await deps.enqueue("provisioning-run", { runId: run.id });
  return { resumed, failed };
}

/**
 * At start on the embedded database, where this process is the only one that can run anything:
 * runs left "running" by the previous owner of the data directory (no heartbeat since this process
 * opened it) are resumed at once instead of after the heartbeat timeout. With a shared PostgreSQL
 * another live worker may hold them, so the timeout stays the rule there.
 */
export async function recoverAfterRestart(
  database: Database,
  deps: { enqueue: Enqueue },
): Promise<{ resumed: string[]; failed: string[] }> {
  if (database.kind !== "embedded") return { resumed: [], failed: [] };
  return recoverStaleRuns(database, { enqueue: deps.enqueue, before: database.openedAt });
}
