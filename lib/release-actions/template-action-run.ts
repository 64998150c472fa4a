// POST /api/v1/runs for a user-written action template (spec.type: action): the template must be
// runnable (a catalog one only as published, within the catalog policy), open to the caller, and
// its target rule must cover the entity (and environment, or release) named; the run carries that target —
// entity, environment (name, url, live version) and release — for `${{ … }}` expressions, and goes
// the guarded path of every action run: freeze, lock, approval for production (guarded-run.ts).
import { eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { entities } from "@/db/schema";
import { assertCan, type Actor } from "@/lib/access/permissions";
import { entityColumns, type EntityColumns } from "@/lib/catalog/entity-columns";
import { repositoryOfSql } from "@/lib/catalog/repository-of";
import { normaliseServiceRef } from "@/lib/catalog/service-ref";
import type { Entity } from "@/lib/catalog/types";
import { findRelease } from "@/lib/delivery/releases";
import { listServiceEnvironments, type ServiceEnvironmentView } from "@/lib/delivery/service-environments";
import { AppError } from "@/lib/errors";
import { matchesEntity, matchesEnvironment, type TargetEntity } from "@/lib/provisioning/action-target";
import { assertAllowed, groupsOf } from "@/lib/provisioning/guardrails";
import { validateParameters } from "@/lib/provisioning/parameters";
import type { LoadedTemplate } from "@/lib/provisioning/template-schema";
import { insertGuardedRun, type GuardedRunDeps } from "./guarded-run";
import { approvalRule, type ApprovalRule } from "./rules";
import { successfulVersions, versionOf } from "./target";

type Runnable = Extract<LoadedTemplate, { ok: true }>;

export type TemplateActionInput = {
  parameters: Record<string, unknown>;
  entity?: string;
  environment?: string;
  release?: string;
  overrideFreeze?: string;
};

/** An entity as an action's target rule and its expressions see it. */
export type ActionEntity = TargetEntity & {
  ref: string;
  name: string;
  namespace: string;
  title: string | null;
  repository: string | null;
};

type ActionColumns = Pick<
  EntityColumns,
  "kind" | "name" | "namespace" | "title" | "specType" | "lifecycle" | "ownerRef" | "systemRef"
>;

const actionEntity = (ref: string, columns: ActionColumns, repository: string | null): ActionEntity => ({
  ref,
  kind: columns.kind,
  name: columns.name,
  namespace: columns.namespace,
  title: columns.title,
  type: columns.specType,
  lifecycle: columns.lifecycle,
  owner: columns.ownerRef,
  system: columns.systemRef,
  repository,
});

/** The catalog entity a run acts on, or 404. */
export async function loadActionEntity(db: DbOrTx, input: string): Promise<ActionEntity> {
  const ref = normaliseServiceRef(input);
  const [row] = await db
    .select({
      kind: entities.kind,
      name: entities.name,
      namespace: entities.namespace,
      title: entities.title,
      specType: entities.specType,
      lifecycle: entities.lifecycle,
      ownerRef: entities.ownerRef,
      systemRef: entities.systemRef,
      repository: sql<string | null>`${repositoryOfSql(sql`${entities.ref}`)}`,
    })
    .from(entities)
    .where(eq(entities.ref, ref));
  if (!row)
    throw new AppError("not_found:catalog", `There is no ${ref} in the catalog.`, [
      { field: "entity", message: `unknown entity ${ref}` },
    ]);
  return actionEntity(ref, row, row.repository);
}

/**
 * The same from an entity already read whole (the entity page): its columns are what the import
 * stored (entityColumns), so they are computed again rather than read again.
 */
export function actionEntityOf(entity: Entity & { ref: string }, repository: string | null): ActionEntity {
  return actionEntity(entity.ref, entityColumns(entity), repository);
}

/** What `${{ entity.* }}`, `${{ environment.* }}` and `${{ release.* }}` read in the run (`release`: the release it acts on). */
async function targetContext(
  db: DbOrTx,
  entity: ActionEntity,
  environment: ServiceEnvironmentView | null,
  release: string | null,
) {
  const live = environment ? versionOf(environment.live) : null;
  const previous =
    environment && live
      ? ((await successfulVersions(db, entity.ref, environment.name)).find((v) => v !== live) ?? null)
      : null;
  return {
    entity: {
      ref: entity.ref,
      kind: entity.kind,
      namespace: entity.namespace,
      name: entity.name,
      title: entity.title,
      type: entity.type,
      lifecycle: entity.lifecycle,
      owner: entity.owner,
      system: entity.system,
      repository: entity.repository,
    },
    environment: environment
      ? { name: environment.name, url: environment.url, liveVersion: live, health: environment.health.state }
      : null,
    release: release
      ? { version: release, tag: release, sha: null, previous: null }
      : environment
        ? { version: live, tag: environment.live?.tag ?? null, sha: environment.live?.sha ?? null, previous }
        : null,
  };
}

function unprocessable(field: string, message: string): never {
  throw new AppError("unprocessable:parameters", message, [{ field, message }]);
}

/** The template's own approval rule joined with production's (one of the owning team, never the requester). */
function approvalFor(loaded: Runnable, environment: string | null, owner: string | null): ApprovalRule {
  const own = loaded.template.spec.guardrails.approval;
  const production = environment ? approvalRule(environment, owner) : { required: false, approvers: [] };
  return {
    required: own.required || production.required,
    approvers: [...new Set([...own.approvers, ...production.approvers])],
  };
}

export async function createTemplateActionRun(
  db: Db,
  actor: Actor,
  loaded: Runnable,
  input: TemplateActionInput,
  deps: GuardedRunDeps,
) {
  assertCan(actor, "selfservice:use");
  const template = loaded.template;
  const rule = template.spec.target!;
  assertAllowed(template, actor, await groupsOf(db, actor));
  const entityRef = input.entity ?? stringParameter(input.parameters, "entity", "component");
  if (!entityRef) unprocessable("entity", `"${loaded.name}" acts on a ${rule.on}: name the entity (its ref).`);
  const entity = await loadActionEntity(db, entityRef);
  if (!matchesEntity(rule, entity))
    unprocessable("entity", `"${loaded.name}" does not act on ${entity.ref} (its target rule does not match it).`);

  let environment: ServiceEnvironmentView | null = null;
  if (rule.on === "environment") {
    const name = input.environment ?? stringParameter(input.parameters, "environment");
    if (!name) unprocessable("environment", `"${loaded.name}" acts on an environment: name it (environment).`);
    environment =
      (await listServiceEnvironments(db, entity.ref)).find((e) => e.name.toLowerCase() === name.toLowerCase()) ?? null;
    if (!environment) unprocessable("environment", `${entity.ref} has no environment "${name}".`);
    if (!matchesEnvironment(rule, entity, environment.name))
      unprocessable("environment", `"${loaded.name}" does not act on ${environment.name}.`);
  }

  let release: string | null = null;
  if (rule.on === "release") {
    release = input.release ?? stringParameter(input.parameters, "release");
    if (!release) unprocessable("release", `"${loaded.name}" acts on a release: name it (release: its tag).`);
    if (!entity.repository || !(await findRelease(db, entity.repository, release)))
      unprocessable("release", `${entity.ref} has no published release "${release}".`);
  }

  // The target fills the form's own fields for it, when the template asks for them.
  const properties = loaded.parametersSchema.properties;
  const raw = { ...input.parameters };
  for (const key of ["entity", "component"]) if (key in properties) raw[key] ??= entity.ref;
  if (environment && "environment" in properties) raw.environment ??= environment.name;
  if (release && "release" in properties) raw.release ??= release;
  const checked = validateParameters(loaded.parametersSchema, raw);
  if (!checked.ok)
    throw new AppError(
      "unprocessable:parameters",
      `Check the form: ${checked.errors.map((e) => `${e.field || "parameters"} ${e.message}`).join("; ")}.`,
      checked.errors,
    );

  const context = await targetContext(db, entity, environment, release);
  const approval = approvalFor(loaded, environment?.name ?? null, entity.owner);
  const stored = {
    ...template,
    spec: {
      ...template.spec,
      // As for built-in actions, the run's target is data in its stored template (run-context.ts).
      target: context,
      guardrails: { ...template.spec.guardrails, approval },
    },
  } as unknown as Record<string, unknown>;
  const where = environment
    ? `${environment.name} of ${entity.name}`
    : release
      ? `${release} of ${entity.name}`
      : entity.name;
  const run = await insertGuardedRun(
    db,
    actor,
    {
      action: loaded.name,
      templateTitle: `${loaded.title} on ${where}`,
      template: stored,
      templateRef: loaded.source.kind === "catalog" ? loaded.source.ref : null,
      templateHash: loaded.trust.publishedHash,
      parameters: checked.value,
      service: entity.ref,
      environment: environment?.name ?? null,
      version: context.release?.version ?? "",
      approval,
      summary: `${loaded.title} on ${where}`,
      audit: {
        action: "action.run",
        details: {
          template: loaded.name,
          trust: loaded.trust.state,
          templateHash: loaded.trust.publishedHash,
          service: entity.ref,
          environment: environment?.name ?? null,
          ...(release ? { release } : {}),
          parameters: checked.value,
        },
      },
      overrideFreeze: input.overrideFreeze,
    },
    deps,
  );
  return {
    ...run,
    action: loaded.name,
    environment: environment?.name ?? null,
    version: context.release?.version ?? null,
  };
}

function stringParameter(parameters: Record<string, unknown>, ...keys: string[]): string | null {
  for (const key of keys) if (typeof parameters[key] === "string" && parameters[key]) return parameters[key] as string;
  return null;
}
