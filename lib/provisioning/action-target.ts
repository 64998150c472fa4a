// Which entities and environments an action template (spec.type: action) acts on: its spec.target
// names component, environment or release (a release of a matching entity) and may narrow by the
// entity's kind, spec.type, lifecycle, owner and system, and by environment name. Pure, so the
// rules are unit-tested.
import { canonicalRef } from "@/lib/catalog/refs";
import type { ActionTarget } from "./template-schema";

/** What the target rule reads of an entity (from its catalog row). */
export type TargetEntity = {
  kind: string;
  type: string | null;
  lifecycle: string | null;
  owner: string | null;
  system: string | null;
};

/** `payments` → `group:default/payments`; `group:payments` → `group:default/payments`; lower case (as the catalog reads refs). */
function normaliseRef(value: string, defaultKind: string): string {
  return canonicalRef(value.trim(), defaultKind) ?? value.trim().toLowerCase();
}

function anyOf(wanted: string[] | undefined, actual: string | null, normalise = (v: string) => v.trim().toLowerCase()) {
  if (!wanted) return true;
  if (actual === null) return false;
  const value = normalise(actual);
  return wanted.some((w) => normalise(w) === value);
}

/** Does the rule cover this entity? The kind defaults to Component (the one kind with environments). */
export function matchesEntity(target: ActionTarget, entity: TargetEntity): boolean {
  return (
    anyOf(target.kind ?? ["component"], entity.kind) &&
    anyOf(target.type, entity.type) &&
    anyOf(target.lifecycle, entity.lifecycle) &&
    anyOf(target.owner, entity.owner, (v) => normaliseRef(v, "group")) &&
    anyOf(target.system, entity.system, (v) => normaliseRef(v, "system"))
  );
}

/** Does the rule cover this environment of the entity? Only rules with `on: environment` do. */
export function matchesEnvironment(target: ActionTarget, entity: TargetEntity, environment: string): boolean {
  return target.on === "environment" && matchesEntity(target, entity) && anyOf(target.environment, environment);
}
