import { and, eq, inArray, lt, or, sql } from "drizzle-orm";
import type { Database, DbOrTx } from "@/db/client";
import { provisioningRuns, provisioningSteps, selfServiceEnvironments } from "@/db/schema";
import { ACTIONS } from "./actions";
import { isTruthy, renderString, renderValue } from "./expressions";
import { expressionContext, redactor, secretsFor } from "./run-context";
import { appendEvent, environmentOfRun, insertSteps, stepsOf, updateStep, type EnvironmentRow, type StepRow } from "./run-store";
import type { TemplateDefinition } from "./template-schema";

/** How long a teardown step may run; one still "running" after that was left by a worker that died. */
const TEARDOWN_STEP_TIMEOUT_MS = 10 * 60_000;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
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

/** Takes a teardown step for this caller: one conditional UPDATE, so racing destroys run it once. */
async function claimTeardownStep(db: DbOrTx, step: StepRow): Promise<boolean> {
  const stale = sql`now() - make_interval(secs => ${(TEARDOWN_STEP_TIMEOUT_MS + 60_000) / 1000})`;
  const [claimed] = await db
    .update(provisioningSteps)
    .set({ status: "running", attempts: sql`${provisioningSteps.attempts} + 1`, startedAt: sql`now()`, error: null })
    .where(
      and(
        eq(provisioningSteps.runId, step.runId),
        eq(provisioningSteps.phase, "teardown"),
        eq(provisioningSteps.position, step.position),
        or(inArray(provisioningSteps.status, ["pending", "failed"]), and(eq(provisioningSteps.status, "running"), lt(provisioningSteps.startedAt, stale))),
      ),
    )
    .returning({ position: provisioningSteps.position });
  return Boolean(claimed);
}

/**
 * Removes what a run created: each provision step's own cleanup (newest first), then the
 * template's teardown steps. Returns the failures (empty when everything is gone) and whether
 * another caller is still running one of the teardown steps.
 */
export async function tearDownRun(database: Database, runId: string): Promise<{ failures: string[]; busy: boolean }> {
  const { db } = database;
  const [run] = await db.select().from(provisioningRuns).where(eq(provisioningRuns.id, runId));
  if (!run) return { failures: [], busy: false };
  const template = run.template as unknown as TemplateDefinition;
  const secrets = secretsFor(template);
  const redact = redactor(secrets);
  await rollback(database, runId, template);
  const provision = await stepsOf(db, runId, "provision");
  const outputs = Object.fromEntries(provision.map((s) => [s.stepId, s.output]));
  await insertSteps(db, runId, "teardown", template.spec.teardown);
  const failures: string[] = [];
  let busy = false;
  for (const step of await stepsOf(db, runId, "teardown")) {
    if (step.status === "succeeded" || step.status === "skipped") continue;
    if (!(await claimTeardownStep(db, step))) {
      // Another caller has it: wait for it (busy) or count what it found.
      const current = (await stepsOf(db, runId, "teardown")).find((s) => s.position === step.position);
      if (current?.status === "running") busy = true;
      else if (current?.status === "failed") failures.push(`${step.name}: ${current.error ?? "failed"}`);
      continue;
    }
    const definition = template.spec.teardown[step.position];
    const action = ACTIONS[definition.action];
    const log = (text: string, level: "info" | "warn" | "error" = "info") => appendEvent(db, runId, redact(text), { level, stepId: step.stepId });
    const context = expressionContext(run, outputs, secrets);
    if (definition.if !== undefined && !isTruthy(typeof definition.if === "string" ? renderString(definition.if, context) : definition.if)) {
      await updateStep(db, step, { status: "skipped", finishedAt: new Date() });
      continue;
    }
    try {
      const input = action.schema.parse(renderValue(definition.input, context));
      const output = await action.run({ input, runId, stepId: step.stepId, database, log, signal: AbortSignal.timeout(TEARDOWN_STEP_TIMEOUT_MS), setResources: async () => {} });
      await updateStep(db, step, { status: "succeeded", output, finishedAt: new Date() });
    } catch (error) {
      const reason = redact(message(error));
      await updateStep(db, step, { status: "failed", error: reason, finishedAt: new Date() });
      await log(`teardown step failed: ${reason}`, "error");
      failures.push(`${step.name}: ${reason}`);
    }
  }
  return { failures, busy };
}

/**
 * Tears down the environment of a run that is being destroyed and marks it destroyed (or failed
 * with what is left). The destroy job, the reaper's re-sent destroys and the engine (after a
 * destroy cancelled its run) may all call this at once: the teardown steps are claimed one by
 * one and the environment leaves "destroying" by one conditional UPDATE, so both happen once.
 */
export async function finishDestroy(database: Database, runId: string): Promise<EnvironmentRow["status"] | null> {
  const { db } = database;
  const env = await environmentOfRun(db, runId);
  if (!env || env.status !== "destroying") return env?.status ?? null;
  const [run] = await db.select({ status: provisioningRuns.status }).from(provisioningRuns).where(eq(provisioningRuns.id, runId));
  // The worker running it stops, rolls back and calls this itself (see executeClaimedRun).
  if (run?.status === "running") return "destroying";
  const { failures, busy } = await tearDownRun(database, runId);
  if (busy) return "destroying";
  const status = failures.length ? "failed" : "destroyed";
  const [finished] = await db
    .update(selfServiceEnvironments)
    .set(failures.length ? { status, failureReason: `teardown incomplete: ${failures.join("; ")}` } : { status, destroyedAt: new Date() })
    .where(and(eq(selfServiceEnvironments.id, env.id), eq(selfServiceEnvironments.status, "destroying")))
    .returning({ status: selfServiceEnvironments.status });
  if (!finished) return (await environmentOfRun(db, runId))?.status ?? null;
  await appendEvent(db, runId, failures.length ? "teardown incomplete" : "environment destroyed", { level: failures.length ? "error" : "info" });
  return status;
}
