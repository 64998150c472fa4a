// POST /api/v1/runs for a built-in release action: who, what version where, approval for
// production; then the guarded path every action run takes (guarded-run.ts: freeze, lock, the run).
import type { z } from "zod";
import type { Db } from "@/db/client";
import { assertCan, type Actor } from "@/lib/access/permissions";
import { AppError } from "@/lib/errors";
import type { createRunBody } from "@/lib/provisioning/schemas";
import type { Enqueue } from "@/lib/jobs/define-job";
import { actionTemplate, DEPLOY_SIGNING_SECRET } from "./action-template";
import { BUILT_IN_ACTIONS, type BuiltInAction } from "./built-in";
import { insertGuardedRun } from "./guarded-run";
import { planAction, type ActionPlan } from "./plan";
import type { CreatedActionRun } from "./responses";
import { approvalRule } from "./rules";
import { loadServiceTarget } from "./target";

/** POST /api/v1/runs for a built-in (createRunBody with its template narrowed). */
export type ActionRunInput = Omit<z.output<typeof createRunBody>, "template" | "parameters"> & {
  template: BuiltInAction;
  parameters: Record<string, unknown>;
};

export type ActionRunDeps = {
  enqueue: Enqueue;
  ip?: string | null;
  now?: Date;
  /** How often the deploy workflow's run is polled (tests make it short). */
  pollIntervalMs?: number;
  env?: NodeJS.ProcessEnv;
};

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
  const approval = approvalRule(plan.environment, target.ownerRef);
  const template = actionTemplate(plan, target, approval, { pollIntervalMs: deps.pollIntervalMs ?? 5000 });
  const { id, status } = await insertGuardedRun(
    db,
    actor,
    {
      action: plan.action,
      templateTitle: `${BUILT_IN_ACTIONS[plan.action].title} ${target.name} to ${plan.environment}`,
      template,
      parameters: plan.parameters,
      service: target.ref,
      environment: plan.environment,
      from: plan.from,
      version: plan.version,
      approval,
      summary: describe(plan),
      audit: {
        action: `release.${plan.action}`,
        details: {
          service: target.ref,
          environment: plan.environment,
          from: plan.from,
          version: plan.version,
          previous: plan.current,
        },
      },
      overrideFreeze: input.overrideFreeze,
    },
    deps,
  );
  return { id, status, action: plan.action, environment: plan.environment, version: plan.version };
}

function describe(plan: ActionPlan): string {
  return plan.action === "promote"
    ? `promote ${plan.version} from ${plan.from} to ${plan.environment}`
    : plan.action === "rollback"
      ? `roll ${plan.environment} back from ${plan.current} to ${plan.version}`
      : `redeploy ${plan.version} to ${plan.environment}`;
}
