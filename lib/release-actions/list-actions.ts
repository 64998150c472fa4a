// GET /api/v1/entities/{kind}/{namespace}/{name}/actions: the actions the caller may run on an entity
// and its environments — the release actions (promote towards production, roll back where an
// earlier good version exists, redeploy what is live; only with a deployer), restart on its running
// container previews, and the action templates whose target covers it (template-actions.ts).
import type { DbOrTx } from "@/db/client";
import { can, type Actor } from "@/lib/access/permissions";
import { getComparisons, type Comparison } from "@/lib/delivery/compare-releases";
import type { EntityView } from "@/lib/catalog/queries";
import { normaliseServiceRef } from "@/lib/catalog/service-ref";
import {
  environmentRank,
  listServiceEnvironments,
  type ServiceEnvironmentView,
} from "@/lib/delivery/service-environments";
import { BUILT_IN_ACTIONS } from "./built-in";
import type { AvailableAction } from "./responses";
import { restartOffers } from "./restart-preview";
import {
  loadServiceTarget,
  serviceTarget,
  successfulVersionsIn,
  versionOf,
  type ServiceRepository,
  type ServiceTarget,
} from "./target";
import { actionEntityOf, loadActionEntity, type ActionEntity } from "./template-action-run";
import { offersFor, usableActionTemplates, type TemplateActionOffer } from "./template-actions";

export type { AvailableAction } from "./responses";

/** A built-in release action always names its environment and version. */
export type ReleaseAction = AvailableAction & {
  target: AvailableAction["target"] & { environment: string; version: string };
};

export async function listEntityActions(db: DbOrTx, actor: Actor, entityRef: string): Promise<AvailableAction[]> {
  const { release, templates, restarts } = await entityActionGroups(db, actor, entityRef);
  return [...release, ...templates.map((t) => t.action), ...restarts];
}

/** What an entity's actions are worked out from: the entity, a component's target, and its environments. */
export type ActionSubject = {
  entity: ActionEntity;
  target: ServiceTarget | null;
  environments: ServiceEnvironmentView[];
};

async function loadActionSubject(db: DbOrTx, entityRef: string): Promise<ActionSubject> {
  const entity = await loadActionEntity(db, entityRef);
  if (entity.kind !== "component")
    return { entity, target: null, environments: await listServiceEnvironments(db, entity.ref) };
  const target = await loadServiceTarget(db, entity.ref);
  return { entity, target, environments: target.environments };
}

/**
 * The subject from what the entity page read for its other panels (lib/entity-page): the entity
 * whole, its repository with the default branch, and its environments — nothing is read again.
 */
export function actionSubjectOf(
  entity: EntityView,
  { repository, defaultBranch }: ServiceRepository,
  environments: ServiceEnvironmentView[],
): ActionSubject {
  const subject = actionEntityOf(entity, repository);
  const facts = {
    ref: subject.ref,
    name: subject.name,
    title: subject.title,
    ownerRef: subject.owner,
    repository,
    annotations: entity.metadata.annotations ?? {},
    defaultBranch,
  };
  const target = subject.kind === "component" ? serviceTarget(facts, environments) : null;
  return { entity: subject, target, environments };
}

/**
 * The actions on an entity, by kind: the service page shows each group in its place. A component's
 * target (with its environments) is read once and handed back for the panel's compares; `read`: the
 * subject as the caller has it already (the entity page), asked for only when the actor may act.
 */
async function entityActionGroups(
  db: DbOrTx,
  actor: Actor,
  entityRef: string,
  releases: string[] = [],
  read?: () => Promise<ActionSubject>,
) {
  if (!can(actor, "selfservice:use")) return { release: [], rows: [], templates: [], restarts: [], target: null };
  const ref = normaliseServiceRef(entityRef);
  // The templates and the restarts do not depend on the subject: read beside it.
  const [{ entity, target, environments }, usable, restarts] = await Promise.all([
    read ? read() : loadActionSubject(db, ref),
    usableActionTemplates(db, actor),
    restartOffers(db, actor, [ref]),
  ]);
  const { items: release, rows } = target ? await releaseActions(db, target, releases) : { items: [], rows: [] };
  const templates = offersFor(
    usable,
    entity,
    environments.map((e) => e.name),
    releases,
  );
  return { release, rows, templates, restarts, target };
}

async function releaseActions(
  db: DbOrTx,
  target: ServiceTarget,
  releases: string[],
): Promise<{ items: ReleaseAction[]; rows: ReleaseRowAction[] }> {
  if (target.deployer.kind === "none") return { items: [], rows: [] };
  const items: ReleaseAction[] = [];
  const live = target.environments
    .map((e) => ({ name: e.name, version: versionOf(e.live), down: e.health.state === "down" }))
    .filter((e): e is { name: string; version: string; down: boolean } => e.version !== null);
  for (const from of live) {
    if (from.down) continue;
    for (const to of target.environments) {
      if (environmentRank(to.name) >= environmentRank(from.name) || versionOf(to.live) === from.version) continue;
      items.push({
        kind: "release",
        template: "promote",
        title: `${BUILT_IN_ACTIONS.promote.title} ${from.version} from ${from.name} to ${to.name}`,
        target: { entity: target.ref, environment: to.name, from: from.name, version: from.version },
      });
    }
  }
  const succeeded = await successfulVersionsIn(
    db,
    target.ref,
    live.map((e) => e.name),
  );
  for (const env of live) {
    const previous = succeeded.get(env.name)?.find((v) => v !== env.version);
    if (previous)
      items.push({
        kind: "release",
        template: "rollback",
        title: `${BUILT_IN_ACTIONS.rollback.title} ${env.name} to ${previous}`,
        target: { entity: target.ref, environment: env.name, version: previous },
      });
    items.push({
      kind: "release",
      template: "redeploy",
      title: `${BUILT_IN_ACTIONS.redeploy.title} ${env.version} to ${env.name}`,
      target: { entity: target.ref, environment: env.name, version: env.version },
    });
  }
  return { items, rows: releaseRowActions(target, releases) };
}

/** A release row's button: promote that release, with what is live where it would go. */
export type ReleaseRowAction = { action: ReleaseAction; base: string | null };

/**
 * "Promote <tag> to <env>" for each listed release and each environment it is not live in that has
 * an earlier stage (staging before production): the built-in promote with `version`, taken from the
 * stage where the release is live, else from the stage just before. Nothing while that source is
 * down: the run would refuse it (plan.ts).
 */
function releaseRowActions(target: ServiceTarget, releases: string[]): ReleaseRowAction[] {
  const rows: ReleaseRowAction[] = [];
  const environments = target.environments.map((e) => ({
    name: e.name,
    rank: environmentRank(e.name),
    live: versionOf(e.live),
    down: e.health.state === "down",
  }));
  for (const version of releases)
    for (const to of environments) {
      if (to.live === version) continue;
      // Earlier stages, the nearest first; a source that is down is not stepped around.
      const stages = environments.filter((e) => e.rank > to.rank).sort((a, b) => a.rank - b.rank);
      const from = stages.find((e) => e.live === version) ?? stages[0];
      if (!from || from.down) continue;
      rows.push({
        action: {
          kind: "release",
          template: "promote",
          title: `${BUILT_IN_ACTIONS.promote.title} ${version} to ${to.name}`,
          target: { entity: target.ref, environment: to.name, from: from.name, version },
        },
        base: to.live,
      });
    }
  return rows;
}

export type ActionPanel = {
  /** The release actions (promote, rollback, redeploy). */
  actions: ReleaseAction[];
  /** Action templates on the component itself, on its environments and on the releases named (target.version), with their forms. */
  templates: TemplateActionOffer[];
  /** Restart for its running container previews. */
  restarts: AvailableAction[];
  /** The release rows' promotions, for the releases the page lists (their tags). */
  rows: ReleaseRowAction[];
  /** Promote: what is live in the target now (the compare's base); null when nothing is. */
  bases: Record<number, string | null>;
  repo: string | null;
  comparisons: Record<number, Comparison | null>;
  /** Admins may deploy during a freeze with a reason. */
  canOverrideFreeze: boolean;
};

/** The service page's release-action buttons (and its release rows', for `releases`), with the compare each promotion would ship. */
export async function readActionPanel(
  db: DbOrTx,
  actor: Actor,
  entityRef: string,
  releases: string[] = [],
  read?: () => Promise<ActionSubject>,
): Promise<ActionPanel> {
  const {
    release: actions,
    rows,
    templates,
    restarts,
    target,
  } = await entityActionGroups(db, actor, entityRef, releases, read);
  const bases: Record<number, string | null> = {};
  const promotions: { i: number; base: string; head: string }[] = [];
  for (const [i, action] of actions.entries()) {
    const current = target?.environments.find((e) => e.name === action.target.environment)?.live ?? null;
    bases[i] = versionOf(current);
    if (action.template === "promote" && target?.repository && bases[i])
      promotions.push({ i, base: bases[i]!, head: action.target.version });
  }
  const found = target?.repository ? await getComparisons(db, target.repository, promotions) : [];
  const comparisons: Record<number, Comparison | null> = {};
  promotions.forEach((p, n) => (comparisons[p.i] = found[n]));
  return {
    actions,
    templates,
    restarts,
    rows,
    bases,
    repo: actions.length ? (target?.repository ?? null) : null,
    comparisons,
    canOverrideFreeze: can(actor, "admin:freezes"),
  };
}
