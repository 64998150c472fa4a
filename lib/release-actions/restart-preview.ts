// The built-in "restart" action for the portal's own container previews: offered on a running
// (ready) preview whose steps run containers, to its owner or whoever may manage environments; the
// restart is a run of its own (progress and logs on the run page), audited, through the guarded
// path every action run takes (guarded-run.ts).
import { and, desc, eq, inArray, ne, or } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { provisioningRuns, selfServiceEnvironments } from "@/db/schema";
import { assertCan, isOwnerOrCan, type Actor } from "@/lib/access/permissions";
import { AppError } from "@/lib/errors";
import { ACTIONS } from "@/lib/provisioning/actions";
import { loadOwned } from "@/lib/provisioning/self-service-lifecycle";
import { templateSchema, type TemplateDefinition } from "@/lib/provisioning/template-schema";
import { insertGuardedRun, type GuardedRunDeps } from "./guarded-run";
import type { AvailableAction } from "./responses";
import { approvalRule } from "./rules";

export const RESTART = "restart";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a preview's template has a step restart can act on (its containers). */
function canRestart(template: unknown): boolean {
  const steps = (template as TemplateDefinition | null)?.spec?.steps ?? [];
  return steps.some((s) => Boolean(ACTIONS[s.action]?.restart));
}

/** POST /api/v1/runs { template: "restart", environment: the preview's id or name }. */
export async function createRestartRun(db: Db, actor: Actor, input: { environment?: string }, deps: GuardedRunDeps) {
  assertCan(actor, "selfservice:use");
  const wanted = input.environment;
  if (!wanted)
    throw new AppError("unprocessable:parameters", "Name the preview to restart (environment: its id or name).", [
      { field: "environment", message: "required" },
    ]);
  const [found] = await db
    .select({ id: selfServiceEnvironments.id })
    .from(selfServiceEnvironments)
    .where(
      and(
        UUID.test(wanted)
          ? or(eq(selfServiceEnvironments.id, wanted), eq(selfServiceEnvironments.name, wanted))
          : eq(selfServiceEnvironments.name, wanted),
        ne(selfServiceEnvironments.status, "destroyed"),
      ),
    )
    .orderBy(desc(selfServiceEnvironments.createdAt))
    .limit(1);
  if (!found) throw new AppError("not_found:environment", `There is no running preview "${wanted}".`);
  const env = await loadOwned(db, actor, found.id);
  if (env.status !== "ready")
    throw new AppError(
      "conflict:environment",
      `Only a running preview can restart; ${env.name} is ${env.status.replace("_", " ")}.`,
    );
  const [run] = await db
    .select({ template: provisioningRuns.template })
    .from(provisioningRuns)
    .where(eq(provisioningRuns.id, env.runId));
  if (!canRestart(run?.template))
    throw new AppError(
      "conflict:environment",
      `${env.name} runs no containers of the portal's own; restart is for container previews.`,
    );
  const service = env.componentRef ?? `preview:${env.name}`;
  const approval = approvalRule(env.name, null);
  const parsed = templateSchema.parse({
    apiVersion: "scaffolder.backstage.io/v1beta3",
    kind: "Template",
    metadata: { name: RESTART, title: "Restart", description: "Restart the preview's containers." },
    spec: {
      type: "action",
      target: "environment",
      steps: [
        {
          id: "restart",
          name: "Restart the containers",
          action: "portolan:restart",
          input: { environment: env.id },
        },
      ],
      guardrails: { approval },
    },
  });
  const template = {
    ...parsed,
    spec: {
      ...parsed.spec,
      target: {
        entity: { ref: env.componentRef },
        environment: { name: env.name, url: env.url, liveVersion: env.branch, id: env.id },
        release: { version: env.branch },
      },
    },
  } as unknown as Record<string, unknown>;
  const created = await insertGuardedRun(
    db,
    actor,
    {
      action: RESTART,
      templateTitle: `Restart ${env.name}`,
      template,
      parameters: { environment: env.name },
      service,
      environment: env.name,
      version: env.branch ?? "",
      approval,
      summary: `restart the containers of ${env.name}`,
      audit: { action: "environment.restart", details: { environment: env.id, name: env.name, service } },
    },
    deps,
  );
  return { ...created, action: RESTART, environment: env.name, version: env.branch };
}

/** Restart buttons: the service's running container previews the actor may restart. */
export async function restartOffers(db: DbOrTx, actor: Actor, serviceRefs: string[]): Promise<AvailableAction[]> {
  if (!serviceRefs.length) return [];
  const rows = await db
    .select({
      id: selfServiceEnvironments.id,
      name: selfServiceEnvironments.name,
      owner: selfServiceEnvironments.owner,
      service: selfServiceEnvironments.componentRef,
      template: provisioningRuns.template,
    })
    .from(selfServiceEnvironments)
    .innerJoin(provisioningRuns, eq(provisioningRuns.id, selfServiceEnvironments.runId))
    .where(
      and(inArray(selfServiceEnvironments.componentRef, serviceRefs), eq(selfServiceEnvironments.status, "ready")),
    );
  return rows
    .filter((r) => isOwnerOrCan(actor, r.owner, "selfservice:manage") && canRestart(r.template))
    .map((r) => ({
      kind: "restart" as const,
      template: RESTART,
      title: `Restart ${r.name}`,
      target: { entity: r.service!, environment: r.name },
    }));
}
