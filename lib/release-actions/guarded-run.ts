// The one path every action run (promote, rollback, redeploy, restart, a user's action template)
// takes into the database: on an environment, the lock per service × environment (409 naming who
// holds it) and a freeze window (409 with its reason, or an admin's audited override); then the
// run, its steps, its target row, the audit entry, the approval request or the job — one transaction.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { actionRuns, provisioningRuns } from "@/db/schema";
import { actorLabel, can, type Actor } from "@/lib/access/permissions";
import { displayActor } from "@/lib/access/display-actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { freezeHolding } from "@/lib/freezes/holding";
import type { Enqueue } from "@/lib/jobs/define-job";
import { appendEvent, insertSteps } from "@/lib/provisioning/run-store";
import { notifyApprovalRequested } from "@/lib/provisioning/run-notices";
import type { TemplateStep } from "@/lib/provisioning/template-schema";
import type { ApprovalRule } from "./rules";

export type GuardedRun = {
  /** The action's name, as action_runs and the lock's message show it (promote, flush-cache…). */
  action: string;
  templateTitle: string;
  /** The template the run executes, its target stored in spec.target (read by expressions). */
  template: Record<string, unknown>;
  /** A catalog template's ref and published hash: the run checks them again when it starts. */
  templateRef?: string | null;
  templateHash?: string | null;
  parameters: Record<string, unknown>;
  service: string;
  /** The environment it acts on; null for an action on the component itself (no lock, no freeze). */
  environment: string | null;
  from?: string | null;
  /** The version it deploys or acts on ("" when there is none). */
  version: string;
  approval: ApprovalRule;
  /** The first log line: what will happen, e.g. "promote 1.4 from staging to production". */
  summary: string;
  audit: { action: string; details: Record<string, unknown> };
  overrideFreeze?: string;
};

export type GuardedRunDeps = { enqueue: Enqueue; ip?: string | null; now?: Date };

/** Run states that hold the lock of their service × environment. */
const HOLDING = ["queued", "awaiting_approval", "running"] as const;

export async function insertGuardedRun(db: Db, actor: Actor, run: GuardedRun, deps: GuardedRunDeps) {
  if (run.overrideFreeze && !can(actor, "admin:freezes"))
    throw new AppError("forbidden:freeze", "Only an admin may deploy during a freeze window.");
  const requester = actorLabel(actor);
  const status = run.approval.required ? ("awaiting_approval" as const) : ("queued" as const);
  const now = deps.now ?? new Date();
  const environment = run.environment;
  const id = await db.transaction(async (tx) => {
    let freeze: Awaited<ReturnType<typeof freezeHolding>> = null;
    if (environment !== null) {
      // One action per service × environment at a time: requests for it queue on this lock, and the
      // second finds the first's run below.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`deploy:${run.service}:${environment}`}))`);
      await assertUnlocked(tx, run.service, environment);
      freeze = await freezeHolding(tx, { service: run.service, environment }, now);
      if (freeze && !run.overrideFreeze)
        throw new AppError(
          "conflict:freeze",
          `${environment} is frozen until ${freeze.endsAt.toISOString()} (${freeze.reason}); an admin may deploy anyway with overrideFreeze and a reason.`,
          [
            {
              field: "environment",
              message: "frozen",
              freeze: { id: freeze.id, endsAt: freeze.endsAt, reason: freeze.reason },
            },
          ],
        );
    }
    const [row] = await tx
      .insert(provisioningRuns)
      .values({
        templateName: run.action,
        templateTitle: run.templateTitle,
        template: run.template,
        templateRef: run.templateRef ?? null,
        templateHash: run.templateHash ?? null,
        parameters: run.parameters,
        status,
        requestedBy: requester,
        requestedById: actor.kind === "user" ? actor.id : null,
        approvalStatus: run.approval.required ? "pending" : "none",
      })
      .returning({ id: provisioningRuns.id });
    const steps = (run.template.spec as { steps: TemplateStep[] }).steps;
    await insertSteps(tx, row.id, "provision", steps);
    if (environment !== null)
      await tx.insert(actionRuns).values({
        runId: row.id,
        action: run.action,
        serviceRef: run.service,
        environment,
        fromEnvironment: run.from ?? null,
        version: run.version,
        overrideReason: freeze ? run.overrideFreeze! : null,
      });
    const requested = `${run.summary}, requested by ${displayActor(requester)}`;
    await appendEvent(tx, row.id, run.approval.required ? `${requested}; waiting for approval` : requested);
    await recordAudit(tx, actor, {
      action: run.audit.action,
      target: `run:${row.id}`,
      details: { ...run.audit.details, approval: run.approval.required },
      ip: deps.ip,
    });
    if (freeze) {
      await recordAudit(tx, actor, {
        action: "freeze.override",
        target: `freeze:${freeze.id}`,
        details: { run: row.id, service: run.service, environment, reason: run.overrideFreeze },
        ip: deps.ip,
      });
      await appendEvent(tx, row.id, `freeze "${freeze.reason}" overridden: ${run.overrideFreeze}`, { level: "warn" });
    }
    if (run.approval.required)
      await notifyApprovalRequested(
        tx,
        { id: row.id, title: requested, requestedBy: requester, approvers: run.approval.approvers },
        deps.enqueue,
      );
    else await deps.enqueue("provisioning-run", { runId: row.id }, { tx });
    return row.id;
  });
  return { id, status };
}

/** 409 naming who holds the service × environment when a run for it has not ended. */
async function assertUnlocked(tx: DbOrTx, service: string, environment: string) {
  const [holder] = await tx
    .select({
      id: provisioningRuns.id,
      status: provisioningRuns.status,
      requestedBy: provisioningRuns.requestedBy,
      action: actionRuns.action,
      version: actionRuns.version,
    })
    .from(actionRuns)
    .innerJoin(provisioningRuns, eq(provisioningRuns.id, actionRuns.runId))
    .where(
      and(
        eq(actionRuns.serviceRef, service),
        sql`lower(${actionRuns.environment}) = lower(${environment})`,
        inArray(provisioningRuns.status, [...HOLDING]),
      ),
    )
    .limit(1);
  if (!holder) return;
  const what = holder.version ? `${holder.action} of ${holder.version}` : holder.action;
  throw new AppError(
    "conflict:locked",
    `${environment} of ${service} is locked by ${displayActor(holder.requestedBy)}'s ${what} (run ${holder.id}, ${holder.status.replace("_", " ")}); try again when it has ended.`,
    [
      {
        field: "environment",
        message: "locked",
        holder: { run: holder.id, by: holder.requestedBy, status: holder.status },
      },
    ],
  );
}
