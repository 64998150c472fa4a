import type { z } from "zod";
import { and, asc, desc, eq, gt, inArray, ne } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { provisioningEvents, provisioningRuns, selfServiceEnvironments } from "@/db/schema";
import { actorLabel, assertCan, assertOwnerOrCan, can, isOwnerOrCan, type Actor } from "@/lib/access/permissions";
import { AppError } from "@/lib/errors";
import { previewHealth, type HealthOptions } from "@/lib/health/health-rollup";
import { readProbeConfig } from "@/lib/health/probe-config";
import { groupsOf, mayApprove } from "./guardrails";
import { isRunnable, loadAllTemplates, usableTemplates } from "./load-templates";
import { trustBlock } from "./template-trust";
import { awakeSeconds, costOf, readPrices, toHours, type Price } from "./usage";
import { stepsOf } from "./run-store";
import type { TemplateDefinition } from "./template-schema";
import type { selfServiceEnvironmentView as environmentSchema, runView } from "./responses";

/** A self-service environment as the API and the pages show it (its schema is in responses.ts). */
export type SelfServiceEnvironmentView = z.output<typeof environmentSchema>;
/** A run as the API and the run page show it. */
export type RunView = z.output<typeof runView>;

type Usage = { seconds: Map<string, number>; prices: Map<string, Price> };

async function usageFor(db: DbOrTx, rows: EnvRow[]): Promise<Usage> {
  const [seconds, prices] = await Promise.all([
    awakeSeconds(
      db,
      rows.map((r) => r.id),
    ),
    readPrices(db),
  ]);
  return { seconds, prices };
}

async function toViews(db: DbOrTx, rows: EnvRow[]): Promise<SelfServiceEnvironmentView[]> {
  const usage = await usageFor(db, rows);
  const probeView = healthOptions();
  return rows.map((row) => selfServiceEnvironmentView(row, usage, probeView));
}

type EnvRow = typeof selfServiceEnvironments.$inferSelect;

function healthOptions(): HealthOptions {
  const config = readProbeConfig();
  return { now: new Date(), intervalSeconds: config.intervalSeconds, slowMs: config.slowMs };
}

function selfServiceEnvironmentView(env: EnvRow, usage: Usage, probeView: HealthOptions): SelfServiceEnvironmentView {
  const cap = (env.readyAt ?? env.createdAt).getTime() + env.maxTtlSeconds * 1000;
  const resourceHours = toHours(usage.seconds.get(env.id) ?? 0);
  return {
    id: env.id,
    name: env.name,
    status: env.status,
    url: env.status === "ready" ? env.url : null,
    expiresAt: env.expiresAt.toISOString(),
    owner: env.owner,
    template: env.templateName,
    component: env.componentRef,
    branch: env.branch,
    runId: env.runId,
    failureReason: env.failureReason,
    createdAt: env.createdAt.toISOString(),
    canExtend: (env.status === "ready" || env.status === "asleep") && env.expiresAt.getTime() < cap - 1000,
    asleep: env.status === "asleep",
    canSleep: env.status === "ready",
    canWake: env.status === "asleep",
    resourceHours,
    cost: costOf(env.templateName, resourceHours, usage.prices),
    pullRequest:
      env.pullRequestRepo && env.pullRequestNumber
        ? { repo: env.pullRequestRepo, number: env.pullRequestNumber, url: env.pullRequestUrl }
        : null,
    health:
      env.status === "ready"
        ? previewHealth(
            {
              lastProbedAt: env.lastProbedAt,
              lastProbeOk: env.lastProbeOk,
              lastProbeError: env.lastProbeError,
              lastProbeLatencyMs: env.lastProbeLatencyMs,
              probeFailures: env.probeFailures,
              failingSince: env.failingSince,
            },
            probeView,
          )
        : null,
  };
}

// Everyone who may use self-service may look at runs (they hold no secrets); viewers only at their own.
/** The requester, people who may use self-service, and the run's approvers (a viewer on the owning team) may read a run. */
async function assertMayRead(db: DbOrTx, run: { requestedBy: string; template: unknown }, actor: Actor) {
  if (isOwnerOrCan(actor, run.requestedBy, "selfservice:use")) return;
  if (can(actor, "runs:decide") && mayApprove(run.template as TemplateDefinition, actor, await groupsOf(db, actor)))
    return;
  throw new AppError(
    "forbidden:run",
    "Only the person who started this run, its approvers, or someone who may use self-service, may read it.",
  );
}

export async function getRunView(db: DbOrTx, actor: Actor, id: string): Promise<RunView> {
  const [run] = await db.select().from(provisioningRuns).where(eq(provisioningRuns.id, id));
  if (!run) throw new AppError("not_found:run", `There is no run ${id}.`);
  await assertMayRead(db, run, actor);
  const [env] = await db.select().from(selfServiceEnvironments).where(eq(selfServiceEnvironments.runId, id));
  const steps = await stepsOf(db, id);
  const template = run.template as unknown as TemplateDefinition;
  return {
    id: run.id,
    template: run.templateName,
    templateTitle: run.templateTitle,
    status: run.status,
    parameters: run.parameters,
    requestedBy: run.requestedBy,
    error: run.error,
    approval: { status: run.approvalStatus, by: run.approvalBy, comment: run.approvalComment },
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    outputs: run.outputs,
    steps: steps.map((s) => ({
      id: s.stepId,
      name: s.name,
      action: s.action,
      phase: s.phase,
      status: s.status,
      attempts: s.attempts,
      error: s.error,
      output: s.output,
      startedAt: s.startedAt?.toISOString() ?? null,
      finishedAt: s.finishedAt?.toISOString() ?? null,
    })),
    environment: env ? (await toViews(db, [env]))[0] : null,
    can: {
      cancel:
        (run.status === "queued" || run.status === "running" || run.status === "awaiting_approval") &&
        isOwnerOrCan(actor, run.requestedBy, "selfservice:manage"),
      retry: run.status === "failed" && isOwnerOrCan(actor, run.requestedBy, "selfservice:manage"),
      // Never the requester's own request (decideApproval refuses it too).
      approve:
        run.status === "awaiting_approval" &&
        run.requestedBy !== actorLabel(actor) &&
        mayApprove(template, actor, await groupsOf(db, actor)),
      /** Sleep, wake (the environment's owner, or selfservice:manage). */
      changeEnvironment:
        Boolean(env) && can(actor, "selfservice:use") && isOwnerOrCan(actor, env!.owner, "selfservice:manage"),
    },
  };
}

export async function listRunEvents(db: DbOrTx, actor: Actor, id: string, after = 0) {
  const [run] = await db
    .select({ requestedBy: provisioningRuns.requestedBy, template: provisioningRuns.template })
    .from(provisioningRuns)
    .where(eq(provisioningRuns.id, id));
  if (!run) throw new AppError("not_found:run", `There is no run ${id}.`);
  await assertMayRead(db, run, actor);
  const rows = await db
    .select()
    .from(provisioningEvents)
    .where(and(eq(provisioningEvents.runId, id), gt(provisioningEvents.id, after)))
    .orderBy(asc(provisioningEvents.id))
    .limit(1000);
  return rows.map((e) => ({ id: e.id, at: e.at.toISOString(), level: e.level, step: e.stepId, message: e.message }));
}

/** One environment: its owner, or anyone who may use self-service (as for runs); viewers only their own. */
export async function getEnvironmentView(db: DbOrTx, actor: Actor, id: string): Promise<SelfServiceEnvironmentView> {
  const [env] = await db.select().from(selfServiceEnvironments).where(eq(selfServiceEnvironments.id, id));
  if (!env) throw new AppError("not_found:environment", `There is no environment ${id}.`);
  assertOwnerOrCan(actor, env.owner, "selfservice:use", {
    code: "forbidden:environment",
    message: "Only its owner, or someone who may use self-service, may read this environment.",
  });
  return (await toViews(db, [env]))[0];
}

/** Environments: the caller's own, or (for admins with `all`) everyone's; destroyed ones only on request. */
export async function listSelfServiceEnvironments(
  db: DbOrTx,
  actor: Actor,
  options: { all?: boolean; includeDestroyed?: boolean; component?: string } = {},
): Promise<SelfServiceEnvironmentView[]> {
  assertCan(actor, "catalog:read");
  const filters = [];
  if (!(options.all && can(actor, "selfservice:manage")))
    filters.push(eq(selfServiceEnvironments.owner, actorLabel(actor)));
  if (!options.includeDestroyed) filters.push(ne(selfServiceEnvironments.status, "destroyed"));
  if (options.component) filters.push(eq(selfServiceEnvironments.componentRef, options.component));
  const rows = await db
    .select()
    .from(selfServiceEnvironments)
    .where(and(...filters))
    .orderBy(desc(selfServiceEnvironments.createdAt))
    .limit(500);
  return toViews(db, rows);
}

/**
 * The self-service environments of some services that are not destroyed, whoever owns them: what the
 * service page and the environments matrix show beside deployed environments. Read-only.
 */
export async function listServicePreviews(
  db: DbOrTx,
  actor: Actor,
  componentRefs: string[],
): Promise<SelfServiceEnvironmentView[]> {
  assertCan(actor, "catalog:read");
  if (componentRefs.length === 0) return [];
  const rows = await db
    .select()
    .from(selfServiceEnvironments)
    .where(
      and(
        inArray(selfServiceEnvironments.componentRef, componentRefs),
        ne(selfServiceEnvironments.status, "destroyed"),
      ),
    )
    .orderBy(desc(selfServiceEnvironments.createdAt))
    .limit(500);
  return toViews(db, rows);
}

/** Runs waiting for someone's approval that this actor may decide. */
export async function listPendingApprovals(db: DbOrTx, actor: Actor) {
  const rows = await db
    .select()
    .from(provisioningRuns)
    .where(inArray(provisioningRuns.status, ["awaiting_approval"]))
    .orderBy(asc(provisioningRuns.createdAt))
    .limit(200);
  const groups = await groupsOf(db, actor);
  return rows
    .filter((r) => mayApprove(r.template as unknown as TemplateDefinition, actor, groups))
    .map((r) => ({
      id: r.id,
      template: r.templateTitle,
      requestedBy: r.requestedBy,
      parameters: r.parameters,
      createdAt: r.createdAt.toISOString(),
    }));
}

/**
 * The templates this actor may use (with their form and trust state); catalog templates that are not
 * runnable yet (waiting for an admin to publish them, or blocked by the policy) with why; and for
 * admins the broken ones with reasons.
 */
export async function listTemplatesFor(db: DbOrTx, actor: Actor) {
  const all = await loadAllTemplates(db);
  const usable = can(actor, "selfservice:use");
  // Action templates are offered where their target is shown (lib/release-actions), not here.
  const items = (await usableTemplates(db, actor, "environment", all)).map((t) => {
    return {
      name: t.name,
      ref: t.source.kind === "catalog" ? t.source.ref : `template:default/${t.name}`,
      title: t.title,
      description: t.description,
      tags: t.template.metadata.tags ?? [],
      source: t.source,
      trust: {
        state: t.trust.state,
        hash: t.trust.publishedHash,
        publishedBy: t.trust.publishedBy,
        publishedAt: t.trust.publishedAt,
      },
      parameters: t.parametersSchema,
      uiSchema: t.uiSchema,
      ttl: t.template.spec.environment.ttl,
      approvalRequired: t.template.spec.guardrails.approval.required,
      quota: t.template.spec.guardrails.quota,
    };
  });
  // Not offered: valid catalog templates that wait for an admin (their own guardrails are not trusted yet, so no filter by them).
  const waiting = usable
    ? all.flatMap((t) =>
        t.ok && !isRunnable(t)
          ? [
              {
                name: t.name,
                ref: t.source.kind === "catalog" ? t.source.ref : null,
                title: t.title,
                trust: { state: t.trust.state, currentHash: t.trust.currentHash },
                reason: trustBlock(t.name, t.trust),
              },
            ]
          : [],
      )
    : [];
  const problems = can(actor, "admin:templates")
    ? all.filter((t) => !t.ok).map((t) => (t.ok ? null! : { name: t.name, source: t.source, problems: t.problems }))
    : [];
  return { items, waiting, problems };
}
