import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { mapRow, queryRows, type Db, type DbOrTx } from "@/db/client";
import { provisioningEvents, provisioningRuns, provisioningSteps, selfServiceEnvironments } from "@/db/schema";
import type { TemplateStep } from "./template-schema";

export type RunRow = typeof provisioningRuns.$inferSelect;
export type StepRow = typeof provisioningSteps.$inferSelect;
export type EnvironmentRow = typeof selfServiceEnvironments.$inferSelect;

export async function appendEvent(
  db: DbOrTx,
  runId: string,
  message: string,
  options: { level?: "info" | "warn" | "error"; stepId?: string | null } = {},
) {
  await db
    .insert(provisioningEvents)
    .values({ runId, message: message.slice(0, 8000), level: options.level ?? "info", stepId: options.stepId ?? null });
}

export async function insertSteps(db: DbOrTx, runId: string, phase: "provision" | "teardown", steps: TemplateStep[]) {
  if (!steps.length) return;
  await db
    .insert(provisioningSteps)
    .values(
      steps.map((s, position) => ({ runId, phase, position, stepId: s.id, name: s.name ?? s.id, action: s.action })),
    )
    .onConflictDoNothing();
}

export async function stepsOf(db: DbOrTx, runId: string, phase?: "provision" | "teardown"): Promise<StepRow[]> {
  return db
    .select()
    .from(provisioningSteps)
    .where(
      phase
        ? and(eq(provisioningSteps.runId, runId), eq(provisioningSteps.phase, phase))
        : eq(provisioningSteps.runId, runId),
    )
    .orderBy(asc(provisioningSteps.phase), asc(provisioningSteps.position));
}

/**
 * Who holds a run: the fencing token (`provisioning_runs.claim`) handed out when it was claimed. Every
 * write of the holder — steps, log lines, resources, the run's end — is conditioned on it, so a worker
 * whose run was handed to another (stale recovery, the destroy job) changes nothing any more.
 */
export type RunHold = { runId: string; claim: number };

/** A write of a holder that no longer holds the run: the worker stops quietly. */
export class LostRun extends Error {
  constructor(message = "this worker no longer holds the run") {
    super(message);
    this.name = "LostRun";
  }
}

/** The condition every fenced write carries. */
export function isHeld(hold: RunHold) {
  return sql`exists (select 1 from provisioning_runs h where h.id = ${hold.runId} and h.claim = ${hold.claim})`;
}

/** Locks the run's row (until the transaction ends) if this holder still has it; else LostRun. */
export async function assertHeld(tx: DbOrTx, hold: RunHold): Promise<void> {
  const [row] = await tx
    .select({ id: provisioningRuns.id })
    .from(provisioningRuns)
    .where(and(eq(provisioningRuns.id, hold.runId), eq(provisioningRuns.claim, hold.claim)))
    .for("share");
  if (!row) throw new LostRun();
}

/** A log line of the holder; throws LostRun (and writes nothing) once the run is someone else's. */
export async function appendHeldEvent(
  db: DbOrTx,
  hold: RunHold,
  message: string,
  options: { level?: "info" | "warn" | "error"; stepId?: string | null } = {},
) {
  const rows = await queryRows(
    db,
    sql`insert into provisioning_events (run_id, message, level, step_id)
        select ${hold.runId}, ${message.slice(0, 8000)}, ${options.level ?? "info"}, ${options.stepId ?? null} where ${isHeld(hold)}
        returning id`,
  );
  if (!rows.length) throw new LostRun();
}

/** Changes one step of a held run; throws LostRun (and writes nothing) once the run is someone else's. */
export async function updateStep(
  db: DbOrTx,
  hold: RunHold,
  step: Pick<StepRow, "runId" | "phase" | "position">,
  values: Partial<StepRow>,
) {
  const updated = await db
    .update(provisioningSteps)
    .set(values)
    .where(
      and(
        eq(provisioningSteps.runId, step.runId),
        eq(provisioningSteps.phase, step.phase),
        eq(provisioningSteps.position, step.position),
        isHeld(hold),
      ),
    )
    .returning({ position: provisioningSteps.position });
  if (!updated.length) throw new LostRun();
}

/**
 * The destroy job's hold on a run that has ended: raises the token, so an earlier destroy job still
 * working on it stops writing. Null while a worker runs it (that worker tears down itself).
 */
export async function claimForTeardown(db: DbOrTx, runId: string): Promise<RunHold | null> {
  const [row] = await db
    .update(provisioningRuns)
    .set({ claim: sql`${provisioningRuns.claim} + 1` })
    .where(and(eq(provisioningRuns.id, runId), sql`${provisioningRuns.status} <> 'running'`))
    .returning({ claim: provisioningRuns.claim });
  return row ? { runId, claim: row.claim } : null;
}

/**
 * Ends a held run (failed or cancelled) with its environment and log line, in one transaction;
 * throws LostRun when the run is no longer this holder's.
 */
export async function endHeldRun(
  db: Db,
  hold: RunHold,
  run: Partial<RunRow> & { status: "failed" | "cancelled" },
  environment: Partial<EnvironmentRow>,
  event: { message: string; level: "info" | "warn" | "error" },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [ended] = await tx
      .update(provisioningRuns)
      .set({ ...run, finishedAt: new Date(), workerId: null })
      .where(and(eq(provisioningRuns.id, hold.runId), eq(provisioningRuns.claim, hold.claim)))
      .returning({ id: provisioningRuns.id });
    if (!ended) throw new LostRun();
    await setEnvironment(tx, hold.runId, environment);
    await appendEvent(tx, hold.runId, event.message, { level: event.level });
  });
}

export async function setEnvironment(db: DbOrTx, runId: string, values: Partial<EnvironmentRow>) {
  await db.update(selfServiceEnvironments).set(values).where(eq(selfServiceEnvironments.runId, runId));
}

export type StartedRun = { run: RunRow; steps: StepRow[] };

/**
 * Takes a queued run for this worker (raising its fencing token: run.claim is this worker's hold),
 * moves a requested environment to provisioning and reads the run's provision steps — one
 * statement, since under a burst every round trip waits its turn.
 * Null when another worker has the run or it is not runnable.
 */
export async function startRun(db: DbOrTx, runId: string, workerId: string): Promise<StartedRun | null> {
  const [row] = await queryRows<{ run: Record<string, unknown>; steps: Record<string, unknown>[] }>(
    db,
    sql`with claimed as (
          update provisioning_runs
             set status = 'running', worker_id = ${workerId}, claim = claim + 1, heartbeat_at = now(), started_at = coalesce(started_at, now())
           where id = ${runId} and status = 'queued'
          returning *
        ), environment as (
          update self_service_environments set status = 'provisioning'
           where run_id = ${runId} and status = 'requested' and exists (select 1 from claimed)
        )
        select row_to_json(claimed) as run,
               (select coalesce(json_agg(s order by s.position), '[]'::json)
                  from provisioning_steps s where s.run_id = ${runId} and s.phase = 'provision') as steps
          from claimed`,
  );
  if (!row) return null;
  return { run: mapRow(provisioningRuns, row.run), steps: row.steps.map((step) => mapRow(provisioningSteps, step)) };
}

/** Marks a provision step running, with its log line (and the run's first-step time), in one statement; fenced. */
export async function startStep(db: DbOrTx, hold: RunHold, step: StepRow, message: string): Promise<void> {
  const rows = await queryRows(
    db,
    sql`with step as (
          update provisioning_steps
             set status = 'running', attempts = attempts + 1, started_at = now(), finished_at = null, error = null, resources = null
           where run_id = ${step.runId} and phase = 'provision' and position = ${step.position} and ${isHeld(hold)}
          returning run_id
        ), run as (
          update provisioning_runs set first_step_at = now() where id = ${step.runId} and first_step_at is null and exists (select 1 from step)
        )
        insert into provisioning_events (run_id, message, level, step_id) select run_id, ${message}, 'info', ${step.stepId} from step returning id`,
  );
  if (!rows.length) throw new LostRun();
}

/**
 * Marks a run succeeded and its environment ready, with the log line — unless a cancel or destroy
 * landed meanwhile or the run is no longer this holder's. One statement under the run's row lock,
 * which requestDestroy and cancelRun also take: either they see "succeeded" or this sees their flag.
 */
export async function finishRunReady(
  db: DbOrTx,
  hold: RunHold,
  values: {
    outputs: Record<string, unknown>;
    url: string | null;
    healthUrl: string | null;
    ttlSeconds: number;
    message: string;
  },
): Promise<boolean> {
  const rows = await queryRows(
    db,
    sql`with run as (
          update provisioning_runs
             set status = 'succeeded', outputs = ${JSON.stringify(values.outputs)}::jsonb, finished_at = now(), worker_id = null
           where id = ${hold.runId} and status = 'running' and claim = ${hold.claim} and not cancel_requested
          returning id
        ), environment as (
          update self_service_environments
             set status = 'ready', url = ${values.url}, health_url = ${values.healthUrl}, ready_at = now(), expires_at = now() + make_interval(secs => ${values.ttlSeconds}),
                 last_probed_at = null, last_probe_ok = null, last_probe_error = null, last_probe_latency_ms = null, probe_failures = 0, failing_since = null
           where run_id in (select id from run)
        )
        insert into provisioning_events (run_id, message) select id, ${values.message} from run returning run_id`,
  );
  return rows.length > 0;
}

/** Cancels a run that has not started (queued or awaiting approval); false when it had. */
export async function cancelWaitingRun(db: DbOrTx, runId: string): Promise<boolean> {
  const [stopped] = await db
    .update(provisioningRuns)
    .set({ status: "cancelled", cancelRequested: true, finishedAt: new Date() })
    .where(and(eq(provisioningRuns.id, runId), inArray(provisioningRuns.status, ["queued", "awaiting_approval"])))
    .returning({ id: provisioningRuns.id });
  if (stopped)
    await db
      .update(provisioningSteps)
      .set({ status: "cancelled" })
      .where(and(eq(provisioningSteps.runId, runId), eq(provisioningSteps.status, "pending")));
  return Boolean(stopped);
}

/** Beats for the run while this holder has it; returns null when the run is no longer ours. */
export async function heartbeat(db: DbOrTx, hold: RunHold): Promise<{ cancelRequested: boolean } | null> {
  const [row] = await db
    .update(provisioningRuns)
    .set({ heartbeatAt: sql`now()` })
    .where(
      and(
        eq(provisioningRuns.id, hold.runId),
        eq(provisioningRuns.claim, hold.claim),
        eq(provisioningRuns.status, "running"),
      ),
    )
    .returning({ cancelRequested: provisioningRuns.cancelRequested });
  return row ?? null;
}
