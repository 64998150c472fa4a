import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { provisioningRuns, provisioningSteps, selfServiceEnvironments } from "@/db/schema";
import { actorLabel, assertCan, assertOwnerOrCan, type Actor } from "@/lib/access/permissions";
import { displayActor } from "@/lib/access/display-actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { groupsOf, mayApprove } from "./guardrails";
import type { Enqueue } from "@/lib/jobs/define-job";
import { appendEvent, cancelWaitingRun, setEnvironment, type RunRow } from "./run-store";
import { notifyApprovalDecided } from "./run-notices";
import type { TemplateDefinition } from "./template-schema";

type Deps = { enqueue: Enqueue; ip?: string | null };

async function loadRun(db: Db, id: string): Promise<RunRow> {
  const [run] = await db.select().from(provisioningRuns).where(eq(provisioningRuns.id, id));
  if (!run) throw new AppError("not_found:run", `There is no run ${id}.`);
  return run;
}

/** The requester, or whoever may manage every run (admins), may act on a run. */
function assertOwnsRun(run: RunRow, actor: Actor) {
  assertOwnerOrCan(actor, run.requestedBy, "selfservice:manage", {
    code: "forbidden:run",
    message: "Only the person who started this run (or an admin) may do that.",
  });
}

/** Cancels a run: at once when it has not started, else the worker stops and rolls back. */
export async function cancelRun(db: Db, actor: Actor, id: string, deps: Deps): Promise<RunRow["status"]> {
  assertCan(actor, "selfservice:use");
  const run = await loadRun(db, id);
  assertOwnsRun(run, actor);
  return db.transaction(async (tx) => {
    const stopped = await cancelWaitingRun(tx, id);
    if (stopped) {
      await setEnvironment(tx, id, { status: "destroyed", destroyedAt: new Date() });
    } else {
      const [running] = await tx
        .update(provisioningRuns)
        .set({ cancelRequested: true })
        .where(and(eq(provisioningRuns.id, id), eq(provisioningRuns.status, "running")))
        .returning({ id: provisioningRuns.id });
      if (!running) throw new AppError("conflict:run", `The run is already ${run.status}.`);
      // The worker stops the step and removes what the run started (see the engine's finishCancelled).
      await setEnvironment(tx, id, { status: "destroying" });
    }
    await appendEvent(tx, id, `cancel requested by ${displayActor(actorLabel(actor))}`, { level: "warn" });
    await recordAudit(tx, actor, { action: "run.cancel", target: `run:${id}`, ip: deps.ip });
    return stopped ? "cancelled" : "running";
  });
}

/** Retries a failed run from its failed step (steps whose work was rolled back run again first). */
export async function retryRun(db: Db, actor: Actor, id: string, deps: Deps): Promise<void> {
  assertCan(actor, "selfservice:use");
  const run = await loadRun(db, id);
  assertOwnsRun(run, actor);
  await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(provisioningRuns)
      .set({ status: "queued", error: null, finishedAt: null, cancelRequested: false, workerId: null, recoveries: 0 })
      .where(and(eq(provisioningRuns.id, id), eq(provisioningRuns.status, "failed")))
      .returning({ id: provisioningRuns.id });
    if (!updated) throw new AppError("conflict:run", `Only a failed run can be retried; this one is ${run.status}.`);
    await tx
      .update(provisioningSteps)
      .set({ status: "pending", error: null })
      .where(and(eq(provisioningSteps.runId, id), inArray(provisioningSteps.status, ["failed", "cancelled"])));
    // A failed environment only: one being destroyed (or gone) is not brought back.
    const [environment] = await tx
      .update(selfServiceEnvironments)
      .set({ status: "requested", failureReason: null })
      .where(and(eq(selfServiceEnvironments.runId, id), eq(selfServiceEnvironments.status, "failed")))
      .returning({ id: selfServiceEnvironments.id });
    if (!environment)
      throw new AppError(
        "conflict:run",
        "This run's environment has been destroyed (or is being destroyed); start a new one instead.",
      );
    await appendEvent(tx, id, `retry requested by ${displayActor(actorLabel(actor))}`);
    await recordAudit(tx, actor, { action: "run.retry", target: `run:${id}`, ip: deps.ip });
    await deps.enqueue("provisioning-run", { runId: id }, { tx });
  });
}

/** Approves or rejects a run waiting for approval, with a comment; by admins or the template's approvers. */
export async function decideApproval(
  db: Db,
  actor: Actor,
  id: string,
  decision: { approve: boolean; comment?: string },
  deps: Deps,
): Promise<RunRow["status"]> {
  const run = await loadRun(db, id);
  const template = run.template as unknown as TemplateDefinition;
  if (!mayApprove(template, actor, await groupsOf(db, actor))) {
    throw new AppError("forbidden:approval", "You are not an approver for this template.");
  }
  // Never the requester, admins included: an approval is a second person's word.
  if (run.requestedBy === actorLabel(actor))
    throw new AppError("forbidden:approval", "You cannot decide your own request; another approver must.");
  const comment = decision.comment?.trim().slice(0, 2000) || null;
  const status = decision.approve ? "queued" : "cancelled";
  const by = displayActor(actorLabel(actor));
  await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(provisioningRuns)
      .set({
        status,
        approvalStatus: decision.approve ? "approved" : "rejected",
        approvalBy: actorLabel(actor),
        approvalComment: comment,
        ...(decision.approve ? {} : { finishedAt: new Date() }),
      })
      .where(and(eq(provisioningRuns.id, id), eq(provisioningRuns.status, "awaiting_approval")))
      .returning({ id: provisioningRuns.id });
    if (!updated)
      throw new AppError("conflict:approval", `This run is not waiting for approval (it is ${run.status}).`);
    await setEnvironment(
      tx,
      id,
      decision.approve
        ? { status: "requested" }
        : { status: "failed", failureReason: `rejected by ${by}${comment ? `: ${comment}` : ""}` },
    );
    await appendEvent(tx, id, `${decision.approve ? "approved" : "rejected"} by ${by}${comment ? `: ${comment}` : ""}`);
    await recordAudit(tx, actor, {
      action: decision.approve ? "run.approve" : "run.reject",
      target: `run:${id}`,
      details: { comment },
      ip: deps.ip,
    });
    await notifyApprovalDecided(tx, run, { approve: decision.approve, by, comment }, deps.enqueue);
    if (decision.approve) await deps.enqueue("provisioning-run", { runId: id }, { tx });
  });
  return status;
}
