import { randomUUID } from "node:crypto";
import os from "node:os";
import { eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { provisioningRuns } from "@/db/schema";
import { ACTIONS } from "./actions";
import { isTruthy, renderString, renderValue } from "./expressions";
import { expressionContext, redactor, secretsFor } from "./run-context";
import { appendEvent, claimRun, heartbeat, setEnvironment, stepsOf, updateStep, type RunRow, type StepRow } from "./run-store";
import { tearDownRun } from "./teardown";
import { durationSeconds, type TemplateDefinition } from "./template-schema";

export const WORKER_ID = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

export function heartbeatTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  return Math.max(2, Number(env.PORTOLAN_RUN_HEARTBEAT_TIMEOUT_SECONDS) || 30) * 1000;
}

export type ExecuteOptions = { workerId?: string; heartbeatMs?: number; failReason?: string };

class Cancelled extends Error {}
class LostRun extends Error {}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs (or resumes) a queued run on this worker: claim, heartbeat, steps in order from the first
 * one not done, rollback of the done steps when one fails or the run is cancelled.
 */
export async function executeRun(database: Database, runId: string, options: ExecuteOptions = {}): Promise<RunRow["status"] | null> {
  const run = await claimRun(database.db, runId, options.workerId ?? WORKER_ID);
  if (!run) return null;
  return executeClaimedRun(database, run, options);
}

/** Runs a run this worker has just claimed (see claimRun). */
export async function executeClaimedRun(database: Database, run: RunRow, options: ExecuteOptions = {}): Promise<RunRow["status"] | null> {
  const { db } = database;
  const runId = run.id;
  const workerId = options.workerId ?? WORKER_ID;
  const template = run.template as unknown as TemplateDefinition;
  const secrets = secretsFor(template);
  const redact = redactor(secrets);
  const log = (stepId: string | null) => (text: string, level: "info" | "warn" | "error" = "info") => appendEvent(db, runId, redact(text), { level, stepId });

  const controller = new AbortController();
  const beatEvery = options.heartbeatMs ?? Math.max(500, heartbeatTimeoutMs() / 6);
  const beat = setInterval(() => {
    heartbeat(db, runId, workerId)
      .then((state) => {
        if (!state) controller.abort(new LostRun("this worker no longer holds the run"));
        else if (state.cancelRequested) controller.abort(new Cancelled("cancelled"));
      })
      // A missed beat is retried on the next tick; if beats keep failing, stale-run recovery takes over.
      .catch((error) => console.warn(`[portolan] run ${runId}: heartbeat failed: ${error instanceof Error ? error.message : error}`));
  }, beatEvery);

  try {
    // Independent writes and reads go out together: under load each round trip waits for a connection.
    const [, steps] = await Promise.all([setEnvironment(db, runId, { status: "provisioning" }), stepsOf(db, runId, "provision")]);
    if (options.failReason) throw new Error(options.failReason);
    if (run.cancelRequested) throw new Cancelled("cancelled");
    if (run.recoveries > 0 && !run.firstStepAt) await log(null)("resuming");
    const outputs: Record<string, Record<string, unknown>> = {};
    for (const step of steps) {
      if (step.status === "succeeded" || step.status === "skipped") {
        outputs[step.stepId] = step.output;
        continue;
      }
      if (controller.signal.aborted) throw controller.signal.reason;
      const definition = template.spec.steps[step.position];
      const action = ACTIONS[definition.action];
      const stepLog = log(step.stepId);
      if (step.status === "running") {
        // A worker died during this step: undo whatever it had started before running it again.
        await stepLog("the worker running this step stopped; starting the step again", "warn");
        if (step.resources && action.teardown) await action.teardown({ runId, stepId: step.stepId, database, log: stepLog, resources: step.resources, output: step.output });
      }
      const context = expressionContext(run, outputs, secrets);
      if (definition.if !== undefined && !isTruthy(typeof definition.if === "string" ? renderString(definition.if, context) : definition.if)) {
        await updateStep(db, step, { status: "skipped", finishedAt: new Date() });
        await stepLog(`skipped (${String(definition.if)})`);
        continue;
      }
      await Promise.all([
        updateStep(db, step, { status: "running", attempts: step.attempts + 1, startedAt: new Date(), error: null, resources: null }),
        run.firstStepAt ? null : db.update(provisioningRuns).set({ firstStepAt: sql`coalesce(${provisioningRuns.firstStepAt}, now())` }).where(eq(provisioningRuns.id, runId)),
        stepLog(`${step.name} (${step.action})`),
      ]);
      try {
        const input = action.schema.parse(renderValue(definition.input, context));
        const output = await action.run({
          input,
          runId,
          stepId: step.stepId,
          database,
          log: stepLog,
          signal: controller.signal,
          setResources: (resources) => updateStep(db, step, { resources }),
        });
        outputs[step.stepId] = output;
        await updateStep(db, step, { status: "succeeded", output, finishedAt: new Date() });
      } catch (error) {
        const aborted = controller.signal.aborted ? controller.signal.reason : null;
        const reason = aborted ? message(aborted) : redact(message(error));
        await updateStep(db, step, { status: aborted instanceof Cancelled ? "cancelled" : "failed", error: reason, finishedAt: new Date() });
        if (aborted) throw aborted;
        await stepLog(`failed: ${reason}`, "error");
        throw new Error(`step "${step.name}" failed: ${reason}`);
      }
    }
    const url = await finishReady(database, run, template, outputs, secrets);
    await reportRunEnd(database, runId, template, { outcome: "succeeded", url });
    return "succeeded";
  } catch (error) {
    if (error instanceof LostRun) return null;
    const cancelled = error instanceof Cancelled;
    const reason = redact(message(error));
    await reportRunEnd(database, runId, template, { outcome: cancelled ? "cancelled" : "failed", url: null, reason });
    await rollback(database, runId, template);
    await db
      .update(provisioningRuns)
      .set({ status: cancelled ? "cancelled" : "failed", error: cancelled ? null : reason, finishedAt: new Date(), workerId: null })
      .where(eq(provisioningRuns.id, runId));
    await setEnvironment(db, runId, cancelled ? { status: "destroyed", destroyedAt: new Date() } : { status: "failed", failureReason: reason });
    await log(null)(cancelled ? "run cancelled; what was started has been removed" : `run failed: ${reason}`, cancelled ? "warn" : "error");
    return cancelled ? "cancelled" : "failed";
  } finally {
    clearInterval(beat);
  }
}

async function finishReady(database: Database, run: RunRow, template: TemplateDefinition, outputs: Record<string, Record<string, unknown>>, secrets: Record<string, string>) {
  const context = expressionContext(run, outputs, secrets);
  const links = (template.spec.output?.links ?? []).map((l) => ({ title: l.title ?? "Open", url: String(renderString(l.url, context) ?? "") }));
  const envUrl = template.spec.environment.url ? String(renderString(template.spec.environment.url, context) ?? "") : (links[0]?.url ?? null);
  const ttl = durationSeconds(template.spec.environment.ttl.default);
  const isDestroyRequested = await database.db.transaction(async (tx) => {
    // A destroy (or cancel) that landed while the last step ran must win over "ready": read the
    // flag under the run's row lock, which requestDestroy also takes by updating the row.
    const [current] = await tx.select({ cancelRequested: provisioningRuns.cancelRequested }).from(provisioningRuns).where(eq(provisioningRuns.id, run.id)).for("update");
    await tx.update(provisioningRuns).set({ status: "succeeded", outputs: { links, url: envUrl }, finishedAt: new Date(), workerId: null }).where(eq(provisioningRuns.id, run.id));
    if (current?.cancelRequested) {
      await appendEvent(tx, run.id, "destroy requested while the run finished: tearing down");
      return true;
    }
    // The TTL counts from when the environment became usable.
    await setEnvironment(tx, run.id, { status: "ready", url: envUrl || null, readyAt: new Date(), expiresAt: new Date(Date.now() + ttl * 1000) });
    await appendEvent(tx, run.id, `ready${envUrl ? ` at ${envUrl}` : ""}`);
    return false;
  });
  if (!isDestroyRequested) return envUrl || null;
  const failures = await tearDownRun(database, run.id);
  await setEnvironment(database.db, run.id, failures.length ? { status: "failed", failureReason: `teardown incomplete: ${failures.join("; ")}` } : { status: "destroyed", destroyedAt: new Date() });
  await appendEvent(database.db, run.id, failures.length ? "teardown incomplete" : "environment destroyed", { level: failures.length ? "error" : "info" });
  return null;
}

/** Tells the done steps' actions how the run ended (a GitHub deployment's status); never fails the run. */
async function reportRunEnd(database: Database, runId: string, template: TemplateDefinition, end: { outcome: "succeeded" | "failed" | "cancelled"; url: string | null; reason?: string }) {
  for (const step of await stepsOf(database.db, runId, "provision")) {
    const action = ACTIONS[template.spec.steps[step.position]?.action ?? step.action];
    if (!action?.onRunEnd || !step.resources) continue;
    const stepLog = (text: string, level: "info" | "warn" | "error" = "info") => appendEvent(database.db, runId, text, { level, stepId: step.stepId });
    try {
      await action.onRunEnd({ runId, stepId: step.stepId, database, log: stepLog, resources: step.resources, output: step.output, ...end });
    } catch (error) {
      await stepLog(`could not report the run's end: ${message(error)}`, "warn");
    }
  }
}

/** Undoes the provision steps that hold something, newest first; a failing undo is logged, not fatal. */
export async function rollback(database: Database, runId: string, template: TemplateDefinition): Promise<StepRow[]> {
  const steps = (await stepsOf(database.db, runId, "provision")).reverse();
  const undone: StepRow[] = [];
  for (const step of steps) {
    if (!["succeeded", "running", "failed", "cancelled"].includes(step.status)) continue;
    const action = ACTIONS[template.spec.steps[step.position]?.action ?? step.action];
    if (!action?.teardown || (!step.resources && step.status !== "succeeded")) continue;
    const stepLog = (text: string, level: "info" | "warn" | "error" = "info") => appendEvent(database.db, runId, text, { level, stepId: step.stepId });
    try {
      await action.teardown({ runId, stepId: step.stepId, database, log: stepLog, resources: step.resources, output: step.output });
      if (step.status === "succeeded") await updateStep(database.db, step, { status: "rolled_back" });
      else await updateStep(database.db, step, { resources: null });
      undone.push(step);
    } catch (error) {
      await stepLog(`could not undo: ${message(error)}`, "error");
    }
  }
  return undone;
}
