import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { provisioningRuns } from "@/db/schema";
import { ACTIONS } from "./actions";
import { isTruthy, renderString, renderValue } from "./expressions";
import { rollback } from "./engine";
import { expressionContext, redactor, secretsFor } from "./run-context";
import { appendEvent, insertSteps, stepsOf, updateStep } from "./run-store";
import type { TemplateDefinition } from "./template-schema";

/**
 * Removes what a run created: each provision step's own cleanup (newest first), then the
 * template's teardown steps. Returns the failures (empty when everything is gone).
 */
export async function tearDownRun(database: Database, runId: string): Promise<string[]> {
  const { db } = database;
  const [run] = await db.select().from(provisioningRuns).where(eq(provisioningRuns.id, runId));
  if (!run) return [];
  const template = run.template as unknown as TemplateDefinition;
  const secrets = secretsFor(template);
  const redact = redactor(secrets);
  await rollback(database, runId, template);
  const provision = await stepsOf(db, runId, "provision");
  const outputs = Object.fromEntries(provision.map((s) => [s.stepId, s.output]));
  await insertSteps(db, runId, "teardown", template.spec.teardown);
  const failures: string[] = [];
  for (const step of await stepsOf(db, runId, "teardown")) {
    if (step.status === "succeeded" || step.status === "skipped") continue;
    const definition = template.spec.teardown[step.position];
    const action = ACTIONS[definition.action];
    const log = (text: string, level: "info" | "warn" | "error" = "info") => appendEvent(db, runId, redact(text), { level, stepId: step.stepId });
    const context = expressionContext(run, outputs, secrets);
    if (definition.if !== undefined && !isTruthy(typeof definition.if === "string" ? renderString(definition.if, context) : definition.if)) {
      await updateStep(db, step, { status: "skipped" });
      continue;
    }
    await updateStep(db, step, { status: "running", attempts: step.attempts + 1, startedAt: new Date() });
    try {
      const input = action.schema.parse(renderValue(definition.input, context));
      const output = await action.run({ input, runId, stepId: step.stepId, database, log, signal: AbortSignal.timeout(10 * 60_000), setResources: async () => {} });
      await updateStep(db, step, { status: "succeeded", output, finishedAt: new Date() });
    } catch (error) {
      const reason = redact(error instanceof Error ? error.message : String(error));
      await updateStep(db, step, { status: "failed", error: reason, finishedAt: new Date() });
      await log(`teardown step failed: ${reason}`, "error");
      failures.push(`${step.name}: ${reason}`);
    }
  }
  return failures;
}
