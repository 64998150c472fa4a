import { randomUUID } from "node:crypto";
import os from "node:os";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { provisioningRuns } from "@/db/schema";
import { ACTIONS } from "./actions";
import { isTruthy, renderString, renderValue } from "./expressions";
import { expressionContext, redactOutput, redactor, secretsFor } from "./run-context";
import { runTrustProblem } from "./run-trust";
import { appendEvent, finishRunReady, heartbeat, setEnvironment, startRun, startStep, stepsOf, updateStep, type RunRow, type StartedRun, type StepRow } from "./run-store";
import { rollback, tearDownRun } from "./teardown";
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
 * one not done; when a step fails the done steps are rolled back, and when the run is cancelled (or
 * its environment destroyed) everything it started is torn down.
 */
export async function executeRun(database: Database, runId: string, options: ExecuteOptions = {}): Promise<RunRow["status"] | null> {
  const started = await startRun(database.db, runId, options.workerId ?? WORKER_ID);
  if (!started) return null;
  return executeStartedRun(database, started, options);
}

/** Runs a run this worker has just claimed (see startRun). */
export async function executeStartedRun(database: Database, { run, steps }: StartedRun, options: ExecuteOptions = {}): Promise<RunRow["status"] | null> {
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
    if (options.failReason) throw new Error(options.failReason);
    if (run.cancelRequested) throw new Cancelled("cancelled");
    // A catalog template runs only in its published version, within the policy as it is now.
    const untrusted = await runTrustProblem(db, run);
    if (untrusted) throw new Error(untrusted);
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
      await startStep(db, step, redact(`${step.name} (${step.action})`));
      Object.assign(step, { status: "running", resources: null });
      try {
        const input = action.schema.parse(renderValue(definition.input, context));
        const raw = await action.run({
          input,
          runId,
          stepId: step.stepId,
          database,
          log: stepLog,
          signal: controller.signal,
          setResources: async (resources) => {
            await updateStep(db, step, { resources });
            step.resources = resources;
          },
        });
        const output = redactOutput(raw, redact);
        outputs[step.stepId] = output;
        await updateStep(db, step, { status: "succeeded", output, finishedAt: new Date() });
        Object.assign(step, { status: "succeeded", output });
      } catch (error) {
        const aborted = controller.signal.aborted ? controller.signal.reason : null;
        const reason = aborted ? message(aborted) : redact(message(error));
        await updateStep(db, step, { status: aborted instanceof Cancelled ? "cancelled" : "failed", error: reason, finishedAt: new Date() });
        if (aborted) throw aborted;
        await stepLog(`failed: ${reason}`, "error");
        throw new Error(`step "${step.name}" failed: ${reason}`);
      }
    }
    const url = await finishReady(database, run, workerId, template, outputs, secrets);
    await reportRunEnd(database, runId, template, { outcome: "succeeded", url }, steps);
    return "succeeded";
  } catch (error) {
    if (error instanceof LostRun) return null;
    const cancelled = error instanceof Cancelled;
    const reason = redact(message(error));
    await reportRunEnd(database, runId, template, { outcome: cancelled ? "cancelled" : "failed", url: null, reason }, await stepsOf(db, runId, "provision"));
    return cancelled ? finishCancelled(database, runId) : finishFailed(database, runId, template, reason);
  } finally {
    clearInterval(beat);
  }
}

/** The run reached its end: succeeded, environment ready with its URL and expiry (TTL from now). */
async function finishReady(database: Database, run: RunRow, workerId: string, template: TemplateDefinition, outputs: Record<string, Record<string, unknown>>, secrets: Record<string, string>) {
  const context = expressionContext(run, outputs, secrets);
  const links = (template.spec.output?.links ?? []).map((l) => ({ title: l.title ?? "Open", url: String(renderString(l.url, context) ?? "") }));
  const text = (expression: string | undefined) => (expression ? String(renderString(expression, context) ?? "") || null : null);
  const envUrl = template.spec.environment.url ? text(template.spec.environment.url) : links[0]?.url || null;
  const healthUrl = text(template.spec.environment.healthUrl);
  const ready = await finishRunReady(database.db, run.id, workerId, {
    outputs: { links, url: envUrl },
    url: envUrl,
    healthUrl,
    ttlSeconds: durationSeconds(template.spec.environment.ttl.default),
    message: redactor(secrets)(`ready${envUrl ? ` at ${envUrl}` : ""}`),
  });
  if (ready) return envUrl;
  // A destroy (or cancel) that landed while the last step ran wins over "ready".
  const [current] = await database.db.select({ cancelRequested: provisioningRuns.cancelRequested, workerId: provisioningRuns.workerId }).from(provisioningRuns).where(eq(provisioningRuns.id, run.id));
  if (current?.cancelRequested && current.workerId === workerId) throw new Cancelled("cancelled as the run finished");
  throw new LostRun("this worker no longer holds the run");
}

/** A step failed: its done steps are rolled back; the environment is failed with the reason (retry resumes). */
async function finishFailed(database: Database, runId: string, template: TemplateDefinition, reason: string): Promise<"failed"> {
  await rollback(database, runId, template);
  await database.db.transaction(async (tx) => {
    await tx.update(provisioningRuns).set({ status: "failed", error: reason, finishedAt: new Date(), workerId: null }).where(eq(provisioningRuns.id, runId));
    await setEnvironment(tx, runId, { status: "failed", failureReason: reason });
    await appendEvent(tx, runId, `run failed: ${reason}`, { level: "error" });
  });
  return "failed";
}

/**
 * The run was cancelled, or its environment destroyed, while it ran: once a step had started, the
 * done steps are rolled back and the template's teardown steps run — the environment may exist in
 * part — before the environment is marked destroyed (failed with what is left when a teardown step
 * fails). The run stays this worker's (and beating) until then, so no destroy job runs beside it.
 */
async function finishCancelled(database: Database, runId: string): Promise<"cancelled"> {
  const steps = await stepsOf(database.db, runId, "provision");
  const failures = steps.some((s) => s.startedAt) ? await tearDownRun(database, runId) : [];
  await database.db.transaction(async (tx) => {
    await tx.update(provisioningRuns).set({ status: "cancelled", error: null, finishedAt: new Date(), workerId: null }).where(eq(provisioningRuns.id, runId));
    if (failures.length) {
      await setEnvironment(tx, runId, { status: "failed", failureReason: `teardown incomplete: ${failures.join("; ")}` });
      await appendEvent(tx, runId, `run cancelled; teardown incomplete: ${failures.join("; ")}`, { level: "error" });
    } else {
      await setEnvironment(tx, runId, { status: "destroyed", destroyedAt: new Date() });
      await appendEvent(tx, runId, "run cancelled; what was started has been removed", { level: "warn" });
    }
  });
  return "cancelled";
}

/** Tells the done steps' actions how the run ended (a GitHub deployment's status); never fails the run. */
async function reportRunEnd(database: Database, runId: string, template: TemplateDefinition, end: { outcome: "succeeded" | "failed" | "cancelled"; url: string | null; reason?: string }, steps: StepRow[]) {
  for (const step of steps) {
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
