import { withSpan } from "@/lib/observability/tracing";
import { randomUUID } from "node:crypto";
import os from "node:os";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { setting } from "@/lib/runtime/settings";
import { provisioningRuns } from "@/db/schema";
import { ACTIONS } from "./actions";
import type { Enqueue } from "@/lib/jobs/define-job";
import { notifyRunEnded } from "./run-notices";
import { isTruthy, renderString, renderValue } from "./expressions";
import { environmentUrls, expressionContext, redactOutput, redactor, secretsFor } from "./run-context";
import { runFreezeProblem } from "./run-freeze";
import { runTrustProblem } from "./run-trust";
import {
  LostRun,
  appendHeldEvent,
  endHeldRun,
  finishRunReady,
  heartbeat,
  startRun,
  startStep,
  stepsOf,
  updateStep,
  type RunHold,
  type RunRow,
  type StartedRun,
  type StepRow,
} from "./run-store";
import { rollback, tearDownRun } from "./teardown";
import { durationSeconds, type TemplateDefinition } from "./template-schema";

export const WORKER_ID = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

export function heartbeatTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  return setting("runHeartbeatTimeoutSeconds", env) * 1000;
}

export type ExecuteOptions = {
  workerId?: string;
  heartbeatMs?: number;
  failReason?: string;
  /** Sends the notification deliveries at once (without it, the sweep sends them). */
  enqueue?: Enqueue;
};

class Cancelled extends Error {}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs (or resumes) a queued run on this worker: claim, heartbeat, steps in order from the first
 * one not done; when a step fails the done steps are rolled back, and when the run is cancelled (or
 * its environment destroyed) everything it started is torn down.
 */
export async function executeRun(
  database: Database,
  runId: string,
  options: ExecuteOptions = {},
): Promise<RunRow["status"] | null> {
  const started = await startRun(database.db, runId, options.workerId ?? WORKER_ID);
  if (!started) return null;
  return executeStartedRun(database, started, options);
}

/** Runs a run this worker has just claimed (see startRun), in its own span (a child of the job's). */
export function executeStartedRun(
  database: Database,
  started: StartedRun,
  options: ExecuteOptions = {},
): Promise<RunRow["status"] | null> {
  return withSpan(
    "provisioning run",
    {
      attributes: {
        "portolan.run.id": started.run.id,
        "portolan.run.template": String(
          (started.run.template as { metadata?: { name?: unknown } })?.metadata?.name ?? "",
        ),
      },
    },
    () => executeClaimedRun(database, started, options),
  );
}

async function executeClaimedRun(
  database: Database,
  { run, steps }: StartedRun,
  options: ExecuteOptions,
): Promise<RunRow["status"] | null> {
  const { db } = database;
  const runId = run.id;
  // Every write below is fenced by this hold: once the run is handed to another worker, they throw LostRun.
  const hold: RunHold = { runId, claim: run.claim };
  const template = run.template as unknown as TemplateDefinition;
  const secrets = secretsFor(template);
  // Secret outputs of done steps (a database password) join the redacted values as they are revealed.
  const revealed = new Map<string, string>();
  let redactKnown = redactor(secrets);
  const redact = (text: string) => redactKnown(text);
  const reveal = async (values: Record<string, string>) => {
    for (const [key, value] of Object.entries(values)) revealed.set(key, value);
    redactKnown = redactor({ ...secrets, ...Object.fromEntries(revealed) });
  };
  const controller = new AbortController();
  const lost = (error: unknown) => {
    if (error instanceof LostRun && !controller.signal.aborted) controller.abort(error);
    throw error;
  };
  const log =
    (stepId: string | null) =>
    (text: string, level: "info" | "warn" | "error" = "info") =>
      appendHeldEvent(db, hold, redact(text), { level, stepId }).catch(lost);

  const beatEvery = options.heartbeatMs ?? Math.max(500, heartbeatTimeoutMs() / 6);
  const beat = setInterval(() => {
    heartbeat(db, hold)
      .then((state) => {
        if (!state) controller.abort(new LostRun());
        else if (state.cancelRequested) controller.abort(new Cancelled("cancelled"));
      })
      // A missed beat is retried on the next tick; if beats keep failing, stale-run recovery takes over.
      .catch((error) =>
        console.warn(`[portolan] run ${runId}: heartbeat failed: ${error instanceof Error ? error.message : error}`),
      );
  }, beatEvery);

  try {
    if (options.failReason) throw new Error(options.failReason);
    if (run.cancelRequested) throw new Cancelled("cancelled");
    // A catalog template runs only in its published version, within the policy as it is now.
    const untrusted = await runTrustProblem(db, run);
    if (untrusted) throw new Error(untrusted);
    // An action run requested before a freeze window (and approved inside it) does not start in it.
    const frozen = run.firstStepAt ? null : await runFreezeProblem(db, run.id);
    if (frozen) throw new Error(frozen);
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
        if (step.resources && action.teardown)
          await action.teardown({
            runId,
            stepId: step.stepId,
            database,
            log: stepLog,
            resources: step.resources,
            output: step.output,
          });
        if (controller.signal.aborted) throw controller.signal.reason;
      }
      const context = expressionContext(
        run,
        await withSecretOutputs(database, template, steps, outputs, reveal),
        secrets,
      );
      if (
        definition.if !== undefined &&
        !isTruthy(typeof definition.if === "string" ? renderString(definition.if, context) : definition.if)
      ) {
        await updateStep(db, hold, step, { status: "skipped", finishedAt: new Date() });
        await stepLog(`skipped (${String(definition.if)})`);
        continue;
      }
      await startStep(db, hold, step, redact(`${step.name} (${step.action})`));
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
            try {
              await updateStep(db, hold, step, { resources });
            } catch (error) {
              // The run is another worker's now and nobody will know about this resource: undo it here.
              if (error instanceof LostRun) await undoUnrecorded(database, runId, step, action, resources);
              lost(error);
            }
            step.resources = resources;
          },
        });
        const output = redactOutput(raw, redact);
        outputs[step.stepId] = output;
        await updateStep(db, hold, step, { status: "succeeded", output, finishedAt: new Date() });
        Object.assign(step, { status: "succeeded", output });
      } catch (error) {
        const aborted = controller.signal.aborted ? controller.signal.reason : null;
        if (error instanceof LostRun || aborted instanceof LostRun) throw aborted ?? error;
        const reason = aborted ? message(aborted) : redact(message(error));
        await updateStep(db, hold, step, {
          status: aborted instanceof Cancelled ? "cancelled" : "failed",
          error: reason,
          finishedAt: new Date(),
        });
        if (aborted) throw aborted;
        await stepLog(`failed: ${reason}`, "error");
        throw new Error(`step "${step.name}" failed: ${reason}`);
      }
    }
    const url = await finishReady(database, run, hold, template, outputs, secrets);
    await reportRunEnd(database, hold, template, { outcome: "succeeded", url }, steps).catch(quietIfLost);
    await notifyRunEnded(db, run, "succeeded", null, options.enqueue);
    return "succeeded";
  } catch (error) {
    try {
      if (error instanceof LostRun) throw error;
      const cancelled = error instanceof Cancelled;
      const reason = redact(message(error));
      await reportRunEnd(
        database,
        hold,
        template,
        { outcome: cancelled ? "cancelled" : "failed", url: null, reason },
        await stepsOf(db, runId, "provision"),
      );
      if (cancelled) return await finishCancelled(database, hold);
      const failed = await finishFailed(database, hold, template, reason);
      await notifyRunEnded(db, run, "failed", reason, options.enqueue);
      return failed;
    } catch (failure) {
      // Another worker holds the run now (stale recovery handed it over): stop without a trace.
      if (failure instanceof LostRun) return null;
      throw failure;
    }
  } finally {
    clearInterval(beat);
  }
}

/**
 * The done steps' outputs with their secret fields (recomputed from the steps' resources, never
 * stored) added for rendering the next step's input; `reveal` adds the values to the redactor.
 */
export async function withSecretOutputs(
  database: Database,
  template: TemplateDefinition,
  steps: StepRow[],
  outputs: Record<string, Record<string, unknown>>,
  reveal: (values: Record<string, string>) => Promise<void>,
): Promise<Record<string, Record<string, unknown>>> {
  const result = { ...outputs };
  for (const step of steps) {
    const action = ACTIONS[template.spec.steps[step.position]?.action ?? step.action];
    if (step.status !== "succeeded" || !action?.revealSecrets || !step.resources) continue;
    const values = await action.revealSecrets({
      runId: step.runId,
      stepId: step.stepId,
      database,
      log: async () => {},
      resources: step.resources,
      output: step.output,
    });
    await reveal(Object.fromEntries(Object.entries(values).map(([k, v]) => [`${step.stepId}.${k}`, v])));
    result[step.stepId] = { ...outputs[step.stepId], ...values };
  }
  return result;
}

function quietIfLost(error: unknown) {
  if (!(error instanceof LostRun)) throw error;
}

/** A resource an action created after this worker lost the run is nobody's: remove it at once. */
async function undoUnrecorded(
  database: Database,
  runId: string,
  step: StepRow,
  action: (typeof ACTIONS)[string],
  resources: Record<string, unknown>,
) {
  if (!action.teardown) return;
  const silent = async () => {};
  await action
    .teardown({ runId, stepId: step.stepId, database, log: silent, resources, output: {} })
    .catch((error) =>
      console.warn(`[portolan] run ${runId}: could not undo ${step.stepId} after losing the run: ${message(error)}`),
    );
}

/** The run reached its end: succeeded, environment ready with its URL and expiry (TTL from now). */
async function finishReady(
  database: Database,
  run: RunRow,
  hold: RunHold,
  template: TemplateDefinition,
  outputs: Record<string, Record<string, unknown>>,
  secrets: Record<string, string>,
) {
  const { links, url: envUrl, healthUrl } = environmentUrls(run, template, outputs, secrets);
  const ready = await finishRunReady(database.db, hold, {
    outputs: { links, url: envUrl },
    url: envUrl,
    healthUrl,
    ttlSeconds: durationSeconds(template.spec.environment.ttl.default),
    message: redactor(secrets)(`ready${envUrl ? ` at ${envUrl}` : ""}`),
  });
  if (ready) return envUrl;
  // A destroy (or cancel) that landed while the last step ran wins over "ready".
  const [current] = await database.db
    .select({ cancelRequested: provisioningRuns.cancelRequested, claim: provisioningRuns.claim })
    .from(provisioningRuns)
    .where(eq(provisioningRuns.id, run.id));
  if (current?.cancelRequested && current.claim === hold.claim) throw new Cancelled("cancelled as the run finished");
  throw new LostRun();
}

/** A step failed: its done steps are rolled back; the environment is failed with the reason (retry resumes). */
async function finishFailed(
  database: Database,
  hold: RunHold,
  template: TemplateDefinition,
  reason: string,
): Promise<"failed"> {
  await rollback(database, hold, template);
  await endHeldRun(
    database.db,
    hold,
    { status: "failed", error: reason },
    { status: "failed", failureReason: reason },
    { message: `run failed: ${reason}`, level: "error" },
  );
  return "failed";
}

/**
 * The run was cancelled, or its environment destroyed, while it ran: once a step had started, the
 * done steps are rolled back and the template's teardown steps run — the environment may exist in
 * part — before the environment is marked destroyed (failed with what is left when a teardown step
 * fails). The run stays this worker's (and beating) until then, so no destroy job runs beside it.
 */
async function finishCancelled(database: Database, hold: RunHold): Promise<"cancelled"> {
  const steps = await stepsOf(database.db, hold.runId, "provision");
  const failures = steps.some((s) => s.startedAt) ? await tearDownRun(database, hold) : [];
  if (failures.length) {
    const incomplete = `teardown incomplete: ${failures.join("; ")}`;
    await endHeldRun(
      database.db,
      hold,
      { status: "cancelled", error: null },
      { status: "failed", failureReason: incomplete },
      { message: `run cancelled; ${incomplete}`, level: "error" },
    );
  } else {
    await endHeldRun(
      database.db,
      hold,
      { status: "cancelled", error: null },
      { status: "destroyed", destroyedAt: new Date() },
      { message: "run cancelled; what was started has been removed", level: "warn" },
    );
  }
  return "cancelled";
}

/** Tells the done steps' actions how the run ended (a GitHub deployment's status); never fails the run. */
async function reportRunEnd(
  database: Database,
  hold: RunHold,
  template: TemplateDefinition,
  end: { outcome: "succeeded" | "failed" | "cancelled"; url: string | null; reason?: string },
  steps: StepRow[],
) {
  for (const step of steps) {
    const action = ACTIONS[template.spec.steps[step.position]?.action ?? step.action];
    if (!action?.onRunEnd || !step.resources) continue;
    const stepLog = (text: string, level: "info" | "warn" | "error" = "info") =>
      appendHeldEvent(database.db, hold, text, { level, stepId: step.stepId });
    try {
      await action.onRunEnd({
        runId: hold.runId,
        stepId: step.stepId,
        database,
        log: stepLog,
        resources: step.resources,
        output: step.output,
        ...end,
      });
    } catch (error) {
      if (error instanceof LostRun) throw error;
      await stepLog(`could not report the run's end: ${message(error)}`, "warn");
    }
  }
}
