// GET /api/v1/entities/{kind}/{namespace}/{name}/actions: the release actions the caller may run on
// a service and its environments — promote towards production, roll back where an earlier good
// version exists, redeploy what is live. None for who may not deploy or a service without a deployer.
import type { DbOrTx } from "@/db/client";
import { can, type Actor } from "@/lib/access/permissions";
import { getComparison, type Comparison } from "@/lib/delivery/compare-releases";
import { environmentRank } from "@/lib/delivery/service-environments";
import { BUILT_IN_ACTIONS } from "./built-in";
import type { AvailableAction } from "./responses";
import { loadServiceTarget, successfulVersions, versionOf } from "./target";

export type { AvailableAction } from "./responses";

export async function listEntityActions(db: DbOrTx, actor: Actor, entityRef: string): Promise<AvailableAction[]> {
  const target = await loadServiceTarget(db, entityRef);
  if (!can(actor, "selfservice:use") || target.deployer.kind === "none") return [];
  const items: AvailableAction[] = [];
  const live = target.environments
    .map((e) => ({ name: e.name, version: versionOf(e.live), down: e.health.state === "down" }))
    .filter((e): e is { name: string; version: string; down: boolean } => e.version !== null);
  for (const from of live) {
    if (from.down) continue;
    for (const to of target.environments) {
      if (environmentRank(to.name) >= environmentRank(from.name) || versionOf(to.live) === from.version) continue;
      items.push({
        template: "promote",
        title: `${BUILT_IN_ACTIONS.promote.title} ${from.version} from ${from.name} to ${to.name}`,
        target: { entity: target.ref, environment: to.name, from: from.name, version: from.version },
      });
    }
  }
  for (const env of live) {
    const previous = (await successfulVersions(db, target.ref, env.name)).find((v) => v !== env.version);
    if (previous)
      items.push({
        template: "rollback",
        title: `${BUILT_IN_ACTIONS.rollback.title} ${env.name} to ${previous}`,
        target: { entity: target.ref, environment: env.name, version: previous },
      });
    items.push({
      template: "redeploy",
      title: `${BUILT_IN_ACTIONS.redeploy.title} ${env.version} to ${env.name}`,
      target: { entity: target.ref, environment: env.name, version: env.version },
    });
  }
  return items;
}

export type ActionPanel = {
  actions: AvailableAction[];
  /** Promote: what is live in the target now (the compare's base); null when nothing is. */
  bases: Record<number, string | null>;
  repo: string | null;
  comparisons: Record<number, Comparison | null>;
  /** Admins may deploy during a freeze with a reason. */
  canOverrideFreeze: boolean;
};

/** The service page's release-action buttons, with the compare each promotion would ship. */
export async function readActionPanel(db: DbOrTx, actor: Actor, entityRef: string): Promise<ActionPanel> {
  const actions = await listEntityActions(db, actor, entityRef);
  const target = actions.length ? await loadServiceTarget(db, entityRef) : null;
  const bases: Record<number, string | null> = {};
  const comparisons: Record<number, Comparison | null> = {};
  for (const [i, action] of actions.entries()) {
    const current = target?.environments.find((e) => e.name === action.target.environment)?.live ?? null;
    bases[i] = versionOf(current);
    if (action.template === "promote" && target?.repository && bases[i])
      comparisons[i] = await getComparison(db, target.repository, bases[i]!, action.target.version);
  }
  return {
    actions,
    bases,
    repo: target?.repository ?? null,
    comparisons,
    canOverrideFreeze: can(actor, "admin:freezes"),
  };
}
