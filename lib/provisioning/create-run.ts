import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { provisioningRuns, selfServiceEnvironments } from "@/db/schema";
import { assertCan, actorLabel, type Actor } from "@/lib/access/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { renderString } from "./expressions";
import { assertAllowed, assertQuota, groupsOf } from "./guardrails";
import { findTemplate } from "./load-templates";
import { validateParameters } from "./parameters";
import { appendEvent, insertSteps } from "./run-store";
import { notifyApprovalRequested } from "./run-notices";
import { durationSeconds } from "./template-schema";
import type { Enqueue } from "@/lib/jobs/define-job";

export type CreateRunInput = {
  template: string;
  parameters: unknown;
  /** Set by the pull-request trigger (never from the API): the environment links to it. */
  pullRequest?: { repo: string; number: number; url: string | null };
};
export type CreatedRun = { id: string; environmentId: string; status: "queued" | "awaiting_approval" };

/**
 * Requests an environment: permission, who may use the template, parameters against its JSON
 * Schema (422 with fields), quota (409 naming the limit and what counts), approval; then the run,
 * its steps and the environment (owner + expiry from the start) in one transaction, and the job.
 */
export async function createRun(
  db: Db,
  actor: Actor,
  input: CreateRunInput,
  deps: { enqueue: Enqueue; ip?: string | null },
): Promise<CreatedRun> {
  assertCan(actor, "selfservice:use");
  const loaded = await findTemplate(db, input.template);
  const template = loaded.template;
  if (template.spec.type === "action")
    throw new AppError(
      "unprocessable:template",
      `"${loaded.name}" is an action template: run it on its target (entity, and environment) through POST /api/v1/runs.`,
    );
  const groups = await groupsOf(db, actor);
  assertAllowed(template, actor, groups);
  const checked = validateParameters(loaded.parametersSchema, input.parameters);
  if (!checked.ok) {
    throw new AppError(
      "unprocessable:parameters",
      `Check the form: ${checked.errors.map((e) => `${e.field || "parameters"} ${e.message}`).join("; ")}.`,
      checked.errors,
    );
  }
  const parameters = checked.value;
  const owner = actorLabel(actor);
  const teamRef = groups[0] ?? null;
  const context = { parameters, user: { login: owner } };
  const text = (expression: string | undefined) =>
    expression ? String(renderString(expression, context) ?? "") || null : null;
  const name = text(template.spec.environment.name) ?? `${template.metadata.name}-${Date.now()}`;
  const ttl = durationSeconds(template.spec.environment.ttl.default);
  const maxTtl = Math.max(ttl, durationSeconds(template.spec.environment.ttl.max));
  const needsApproval = template.spec.guardrails.approval.required;
  const status = needsApproval ? "awaiting_approval" : "queued";

  const created = await db.transaction(async (tx) => {
    // Serialise requests per owner (and team) so two clicks at once cannot both pass the quota;
    // only when the template has that quota, so quota-free templates never queue on the lock.
    const { perUser, perTeam } = template.spec.guardrails.quota;
    if (perUser) await tx.execute(sqlLock(`quota:${template.metadata.name}:${owner}`));
    if (perTeam && teamRef) await tx.execute(sqlLock(`quota:${template.metadata.name}:${teamRef}`));
    await assertQuota(tx, template, owner, teamRef);
    const [run] = await tx
      .insert(provisioningRuns)
      .values({
        templateName: template.metadata.name,
        templateTitle: loaded.title,
        template: template as unknown as Record<string, unknown>,
        // Which published version of a catalog template this is; the run checks it again when it starts.
        templateRef: loaded.source.kind === "catalog" ? loaded.source.ref : null,
        templateHash: loaded.trust.publishedHash,
        parameters,
        status,
        requestedBy: actorLabel(actor),
        requestedById: actor.kind === "user" ? actor.id : null,
        approvalStatus: needsApproval ? "pending" : "none",
      })
      .returning({ id: provisioningRuns.id });
    await insertSteps(tx, run.id, "provision", template.spec.steps);
    const [environment] = await tx
      .insert(selfServiceEnvironments)
      .values({
        name,
        runId: run.id,
        templateName: template.metadata.name,
        componentRef: text(template.spec.environment.component ?? "${{ parameters.component }}"),
        branch: text(template.spec.environment.branch ?? "${{ parameters.branch }}"),
        owner,
        ownerId: actor.kind === "user" ? actor.id : null,
        teamRef,
        pullRequestRepo: input.pullRequest?.repo ?? null,
        pullRequestNumber: input.pullRequest?.number ?? null,
        pullRequestUrl: input.pullRequest?.url ?? null,
        status: needsApproval ? "awaiting_approval" : "requested",
        ttlSeconds: ttl,
        maxTtlSeconds: maxTtl,
        expiresAt: new Date(Date.now() + ttl * 1000),
      })
      .returning({ id: selfServiceEnvironments.id });
    await appendEvent(
      tx,
      run.id,
      needsApproval ? `requested by ${owner}; waiting for approval` : `requested by ${owner}`,
    );
    await recordAudit(tx, actor, {
      action: "environment.request",
      target: `environment:${environment.id}`,
      details: {
        run: run.id,
        template: template.metadata.name,
        trust: loaded.trust.state,
        templateHash: loaded.trust.publishedHash,
        name,
        parameters,
        approval: needsApproval,
      },
      ip: deps.ip,
    });
    if (needsApproval)
      await notifyApprovalRequested(
        tx,
        { id: run.id, title: loaded.title, requestedBy: owner, approvers: template.spec.guardrails.approval.approvers },
        deps.enqueue,
      );
    else await deps.enqueue("provisioning-run", { runId: run.id }, { tx });
    return { id: run.id, environmentId: environment.id };
  });
  return { ...created, status };
}

function sqlLock(key: string) {
  return sql`select pg_advisory_xact_lock(hashtext(${key}))`;
}
