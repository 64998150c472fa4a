// Removing what a run created: the rollback of its provision steps (each action's own undo) and the
// template's teardown steps. Used by the engine (failure, cancel, destroy during a run) and by the
// destroy job. Every write is fenced by the caller's hold on the run (see run-store.ts).
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { provisioningRuns } from "@/db/schema";
import { ACTIONS } from "./actions";
import { isTruthy, renderString, renderValue } from "./expressions";
import { expressionContext, redactOutput, redactor, secretsFor } from "./run-context";
import {
  LostRun,
  appendHeldEvent,
  assertHeld,
  insertSteps,
  stepsOf,
  updateStep,
  type RunHold,
  type StepRow,
} from "./run-store";
import type { TemplateDefinition } from "./template-schema";
import { policyProblems } from "./template-trust";

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Undoes the provision steps that hold something, newest first; a failing undo is logged, not fatal. */
export async function rollback(database: Database, hold: RunHold, template: TemplateDefinition): Promise<StepRow[]> {
  const { runId } = hold;
  const redact = redactor(secretsFor(template));
  const steps = (await stepsOf(database.db, runId, "provision")).reverse();
  const undone: StepRow[] = [];
  for (const step of steps) {
    if (!["succeeded", "running", "failed", "cancelled"].includes(step.status)) continue;
    const action = ACTIONS[template.spec.steps[step.position]?.action ?? step.action];
    if (!action?.teardown || (!step.resources && step.status !== "succeeded")) continue;
    const stepLog = (text: string, level: "info" | "warn" | "error" = "info") =>
      appendHeldEvent(database.db, hold, redact(text), { level, stepId: step.stepId });
    // Another holder undoes (and records) it from here on.
    await assertHeld(database.db, hold);
    try {
      await action.teardown({
        runId,
        stepId: step.stepId,
        database,
        log: stepLog,
        resources: step.resources,
        output: step.output,
      });
      if (step.status === "succeeded") await updateStep(database.db, hold, step, { status: "rolled_back" });
      else await updateStep(database.db, hold, step, { resources: null });
      undone.push(step);
    } catch (error) {
      if (error instanceof LostRun) throw error;
      await stepLog(`could not undo: ${message(error)}`, "error");
    }
  }
  return undone;
}

/**
 * Removes what a run created: each provision step's own cleanup (newest first), then the
 * template's teardown steps (those already done are not repeated). Returns the failures (empty
 * when everything is gone); throws LostRun once the hold is someone else's.
 */
export async function tearDownRun(database: Database, hold: RunHold): Promise<string[]> {
  const { db } = database;
  const { runId } = hold;
  const [run] = await db.select().from(provisioningRuns).where(eq(provisioningRuns.id, runId));
  if (!run) return [];
  const template = run.template as unknown as TemplateDefinition;
  const secrets = secretsFor(template);
  const redact = redactor(secrets);
  await rollback(database, hold, template);
  const provision = await stepsOf(db, runId, "provision");
  const outputs = Object.fromEntries(provision.map((s) => [s.stepId, s.output]));
  await db.transaction(async (tx) => {
    await assertHeld(tx, hold);
    await insertSteps(tx, runId, "teardown", template.spec.teardown);
  });
  // A catalog template's teardown runs the version that made the environment (even once withdrawn,
  // so cleanup is never stuck), but only the actions the policy still allows.
  const forbidden = run.templateRef
    ? new Map(
        policyProblems(template)
          .filter((p) => p.field.startsWith("spec.teardown."))
          .map((p) => [Number(p.field.split(".")[2]), p.message]),
      )
    : new Map<number, string>();
  const failures: string[] = [];
  for (const step of await stepsOf(db, runId, "teardown")) {
    if (step.status === "succeeded" || step.status === "skipped") continue;
    const definition = template.spec.teardown[step.position];
    const action = ACTIONS[definition.action];
    const log = (text: string, level: "info" | "warn" | "error" = "info") =>
      appendHeldEvent(db, hold, redact(text), { level, stepId: step.stepId });
    const context = expressionContext(run, outputs, secrets);
    if (
      definition.if !== undefined &&
      !isTruthy(typeof definition.if === "string" ? renderString(definition.if, context) : definition.if)
    ) {
      await updateStep(db, hold, step, { status: "skipped", finishedAt: new Date() });
      continue;
    }
    await updateStep(db, hold, step, { status: "running", attempts: step.attempts + 1, startedAt: new Date() });
    try {
      if (forbidden.has(step.position)) throw new Error(forbidden.get(step.position));
      const input = action.schema.parse(renderValue(definition.input, context));
      const output = redactOutput(
        await action.run({
          input,
          runId,
          stepId: step.stepId,
          database,
          log,
          signal: AbortSignal.timeout(10 * 60_000),
          setResources: async () => {},
        }),
        redact,
      );
      await updateStep(db, hold, step, { status: "succeeded", output, finishedAt: new Date() });
    } catch (error) {
      if (error instanceof LostRun) throw error;
      const reason = redact(message(error));
      await updateStep(db, hold, step, { status: "failed", error: reason, finishedAt: new Date() });
      await log(`teardown step failed: ${reason}`, "error");
      failures.push(`${step.name}: ${reason}`);
    }
  }
  return failures;
}
