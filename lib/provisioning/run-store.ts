import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { provisioningEvents, provisioningRuns, provisioningSteps, selfServiceEnvironments } from "@/db/schema";
import type { TemplateStep } from "./template-schema";

export type RunRow = typeof provisioningRuns.$inferSelect;
export type StepRow = typeof provisioningSteps.$inferSelect;
export type EnvironmentRow = typeof selfServiceEnvironments.$inferSelect;

export async function appendEvent(db: DbOrTx, runId: string, message: string, options: { level?: "info" | "warn" | "error"; stepId?: string | null } = {}) {
  await db.insert(provisioningEvents).values({ runId, message: message.slice(0, 8000), level: options.level ?? "info", stepId: options.stepId ?? null });
}

export async function insertSteps(db: DbOrTx, runId: string, phase: "provision" | "teardown", steps: TemplateStep[]) {
  if (!steps.length) return;
  await db
    .insert(provisioningSteps)
    .values(steps.map((s, position) => ({ runId, phase, position, stepId: s.id, name: s.name ?? s.id, action: s.action })))
    .onConflictDoNothing();
}

export async function stepsOf(db: DbOrTx, runId: string, phase?: "provision" | "teardown"): Promise<StepRow[]> {
  return db
    .select()
    .from(provisioningSteps)
    .where(phase ? and(eq(provisioningSteps.runId, runId), eq(provisioningSteps.phase, phase)) : eq(provisioningSteps.runId, runId))
    .orderBy(asc(provisioningSteps.phase), asc(provisioningSteps.position));
}

export async function updateStep(db: DbOrTx, step: Pick<StepRow, "runId" | "phase" | "position">, values: Partial<StepRow>) {
  await db
    .update(provisioningSteps)
    .set(values)
    .where(and(eq(provisioningSteps.runId, step.runId), eq(provisioningSteps.phase, step.phase), eq(provisioningSteps.position, step.position)));
}

export async function environmentOfRun(db: DbOrTx, runId: string): Promise<EnvironmentRow | null> {
  const [row] = await db.select().from(selfServiceEnvironments).where(eq(selfServiceEnvironments.runId, runId));
  return row ?? null;
}

export async function setEnvironment(db: DbOrTx, runId: string, values: Partial<EnvironmentRow>) {
  await db.update(selfServiceEnvironments).set(values).where(eq(selfServiceEnvironments.runId, runId));
}

/** Takes a queued run for this worker; null when another worker has it or it is not runnable. */
export async function claimRun(db: DbOrTx, runId: string, workerId: string): Promise<RunRow | null> {
  const [row] = await db
    .update(provisioningRuns)
    .set({ status: "running", workerId, heartbeatAt: sql`now()`, startedAt: sql`coalesce(${provisioningRuns.startedAt}, now())` })
    .where(and(eq(provisioningRuns.id, runId), eq(provisioningRuns.status, "queued")))
    .returning();
  return row ?? null;
}

/** Beats for the run while this worker holds it; returns null when the run is no longer ours. */
export async function heartbeat(db: DbOrTx, runId: string, workerId: string): Promise<{ cancelRequested: boolean } | null> {
  const [row] = await db
    .update(provisioningRuns)
    .set({ heartbeatAt: sql`now()` })
    .where(and(eq(provisioningRuns.id, runId), eq(provisioningRuns.workerId, workerId), eq(provisioningRuns.status, "running")))
    .returning({ cancelRequested: provisioningRuns.cancelRequested });
  return row ?? null;
}
