// POST /api/v1/runs for a built-in release action: who, what version where, then the guardrails —
// a freeze window (409 with its reason, or an admin's audited override), the lock per service ×
// environment (409 naming who holds it), approval for production — and the run, its steps, its
// target row, the audit entry and the job in one transaction.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { actionRuns, provisioningRuns } from "@/db/schema";
import { actorLabel, assertCan, can, type Actor } from "@/lib/access/permissions";
import { displayActor } from "@/lib/access/display-actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { freezeHolding } from "@/lib/freezes/holding";
import type { Enqueue } from "@/lib/jobs/define-job";
import { appendEvent, insertSteps } from "@/lib/provisioning/run-store";
import { notifyApprovalRequested } from "@/lib/provisioning/run-notices";
import type { TemplateStep } from "@/lib/provisioning/template-schema";
import { actionTemplate, DEPLOY_SIGNING_SECRET } from "./action-template";
import { BUILT_IN_ACTIONS, type BuiltInAction } from "./built-in";
import { planAction, type ActionPlan } from "./plan";
import type { CreatedActionRun } from "./responses";
import { approvalRule } from "./rules";
import { loadServiceTarget } from "./target";

export type ActionRunInput = {
  template: BuiltInAction;
  parameters: Record<string, unknown>;
  entity?: string;
  environment?: string;
  overrideFreeze?: string;
};

export type ActionRunDeps = {
  enqueue: Enqueue;
  ip?: string | null;
  now?: Date;
  /** How often the deploy workflow's run is polled (tests make it short). */
  pollIntervalMs?: number;
  env?: NodeJS.ProcessEnv;
};

/** Run states that hold the lock of their service × environment. */
const HOLDING = ["queued", "awaiting_approval", "running"] as const;

export async function createActionRun(
  db: Db,
  actor: Actor,
  input: ActionRunInput,
  deps: ActionRunDeps,
): Promise<CreatedActionRun> {
  assertCan(actor, "selfservice:use");
  if (!input.entity)
    throw new AppError("unprocessable:parameters", `Name the service to ${input.template} (entity: its ref).`, [
      { field: "entity", message: "required for a release action" },
    ]);
  const target = await loadServiceTarget(db, input.entity);
  const parameters = { ...input.parameters };
  if (input.environment && input.template !== "promote") parameters.environment ??= input.environment;
  if (input.environment && input.template === "promote") parameters.to ??= input.environment;
  const plan = await planAction(db, input.template, target, parameters);
  if (target.deployer.kind === "none")
    throw new AppError(
      "unprocessable:deployer",
      `${target.ref} cannot be deployed from Portolan: ${target.deployer.reason}.`,
    );
  const env = deps.env ?? process.env;
  if (target.deployer.kind === "http" && !env[`PORTOLAN_SECRET_${DEPLOY_SIGNING_SECRET}`])
    throw new AppError(
      "conflict:deployer",
      `Calls to ${target.ref}'s deploy URL are signed, and this installation has no key: set PORTOLAN_SECRET_${DEPLOY_SIGNING_SECRET}.`,
    );
  if (input.overrideFreeze && !can(actor, "admin:freezes"))
    throw new AppError("forbidden:freeze", "Only an admin may deploy during a freeze window.");
  const approval = approvalRule(plan.environment, target.ownerRef);
  const template = actionTemplate(plan, target, approval, { pollIntervalMs: deps.pollIntervalMs ?? 5000 });
  const status: CreatedActionRun["status"] = approval.required ? "awaiting_approval" : "queued";
  const requester = actorLabel(actor);
  const now = deps.now ?? new Date();

  const id = await db.transaction(async (tx) => {
    // One deploy per service × environment at a time: requests for it queue on this lock, and the
    // second finds the first's run below.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`deploy:${target.ref}:${plan.environment}`}))`);
    await assertUnlocked(tx, target.ref, plan.environment);
    const freeze = await freezeHolding(tx, { service: target.ref, environment: plan.environment }, now);
    if (freeze && !input.overrideFreeze)
      throw new AppError(
        "conflict:freeze",
        `${plan.environment} is frozen until ${freeze.endsAt.toISOString()} (${freeze.reason}); an admin may deploy anyway with overrideFreeze and a reason.`,
        [
          {
            field: "environment",
            message: "frozen",
            freeze: { id: freeze.id, endsAt: freeze.endsAt, reason: freeze.reason },
          },
        ],
      );
    const [run] = await tx
      .insert(provisioningRuns)
      .values({
        templateName: plan.action,
        templateTitle: `${BUILT_IN_ACTIONS[plan.action].title} ${target.name} to ${plan.environment}`,
        template,
        parameters: plan.parameters,
        status,
        requestedBy: requester,
        requestedById: actor.kind === "user" ? actor.id : null,
        approvalStatus: approval.required ? "pending" : "none",
      })
      .returning({ id: provisioningRuns.id });
    const steps = (template.spec as { steps: TemplateStep[] }).steps;
    await insertSteps(tx, run.id, "provision", steps);
    await tx.insert(actionRuns).values({
      runId: run.id,
      action: plan.action,
      serviceRef: target.ref,
      environment: plan.environment,
      fromEnvironment: plan.from,
      version: plan.version,
      overrideReason: freeze ? input.overrideFreeze! : null,
    });
    await appendEvent(tx, run.id, describe(plan, requester, approval.required));
    await recordAudit(tx, actor, {
      action: `release.${plan.action}`,
      target: `run:${run.id}`,
      details: {
        service: target.ref,
        environment: plan.environment,
        from: plan.from,
        version: plan.version,
        previous: plan.current,
        approval: approval.required,
      },
      ip: deps.ip,
    });
    if (freeze) {
      await recordAudit(tx, actor, {
        action: "freeze.override",
        target: `freeze:${freeze.id}`,
        details: { run: run.id, service: target.ref, environment: plan.environment, reason: input.overrideFreeze },
        ip: deps.ip,
      });
      await appendEvent(tx, run.id, `freeze "${freeze.reason}" overridden: ${input.overrideFreeze}`, { level: "warn" });
    }
    if (approval.required)
      await notifyApprovalRequested(
        tx,
        { id: run.id, title: describe(plan, requester, false), requestedBy: requester, approvers: approval.approvers },
        deps.enqueue,
      );
    if (!approval.required) await deps.enqueue("provisioning-run", { runId: run.id }, { tx });
    return run.id;
  });
  return { id, status, action: plan.action, environment: plan.environment, version: plan.version };
}

function describe(plan: ActionPlan, requester: string, approval: boolean): string {
  const what =
    plan.action === "promote"
      ? `promote ${plan.version} from ${plan.from} to ${plan.environment}`
      : plan.action === "rollback"
        ? `roll ${plan.environment} back from ${plan.current} to ${plan.version}`
        : `redeploy ${plan.version} to ${plan.environment}`;
  return `${what}, requested by ${displayActor(requester)}${approval ? "; waiting for approval" : ""}`;
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
  throw new AppError(
    "conflict:locked",
    `${environment} of ${service} is locked by ${displayActor(holder.requestedBy)}'s ${holder.action} of ${holder.version} (run ${holder.id}, ${holder.status.replace("_", " ")}); try again when it has ended.`,
    [
      {
        field: "environment",
        message: "locked",
        holder: { run: holder.id, by: holder.requestedBy, status: holder.status },
      },
    ],
  );
}
