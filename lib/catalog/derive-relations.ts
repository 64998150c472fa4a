// The relations Backstage derives from a descriptor's spec (catalog-backend's
// BuiltinKindsEntityProcessor and scaffolder-backend's ScaffolderEntitiesProcessor), both ways.
import { describeValue, isSubstitutionPlaceholder } from "./field-rules";
import { entityRefOf, parseEntityRef, stringifyEntityRef, type RefProblem } from "./refs";
import type { Entity, FieldError, Relation, RelationType } from "./types";

type RelationRule = {
  field: string;
  // Undefined for dependsOn/dependencyOf: Backstage gives them no default kind, so a bare
  // `dependsOn: [db]` is an error there, and the whole entity fails to process.
  defaultKind?: string;
  outgoing: RelationType;
  incoming: RelationType;
};

const owner: RelationRule = { field: "owner", defaultKind: "Group", outgoing: "ownedBy", incoming: "ownerOf" };
const system: RelationRule = { field: "system", defaultKind: "System", outgoing: "partOf", incoming: "hasPart" };
const dependsOn: RelationRule = { field: "dependsOn", outgoing: "dependsOn", incoming: "dependencyOf" };
const dependencyOf: RelationRule = { field: "dependencyOf", outgoing: "dependencyOf", incoming: "dependsOn" };

export const RELATION_RULES: Record<string, RelationRule[]> = {
  Component: [
    owner,
    { field: "subcomponentOf", defaultKind: "Component", outgoing: "partOf", incoming: "hasPart" },
    { field: "providesApis", defaultKind: "API", outgoing: "providesApi", incoming: "apiProvidedBy" },
    { field: "consumesApis", defaultKind: "API", outgoing: "consumesApi", incoming: "apiConsumedBy" },
    dependsOn,
    dependencyOf,
    system,
  ],
  API: [owner, system],
  Resource: [owner, dependsOn, dependencyOf, system],
  System: [owner, { field: "domain", defaultKind: "Domain", outgoing: "partOf", incoming: "hasPart" }],
  Domain: [owner, { field: "subdomainOf", defaultKind: "Domain", outgoing: "partOf", incoming: "hasPart" }],
  User: [{ field: "memberOf", defaultKind: "Group", outgoing: "memberOf", incoming: "hasMember" }],
  Group: [
    { field: "parent", defaultKind: "Group", outgoing: "childOf", incoming: "parentOf" },
    { field: "children", defaultKind: "Group", outgoing: "parentOf", incoming: "childOf" },
    { field: "members", defaultKind: "User", outgoing: "hasMember", incoming: "memberOf" },
  ],
  Template: [owner],
};

type Target = { field: string; value: unknown };

// A field may hold one ref or a list of them; Backstage treats both alike (`[targets].flat()`).
function targetsOf(field: string, value: unknown): Target[] {
  if (value === undefined || value === null || value === "") return [];
  if (Array.isArray(value)) return value.map((item: unknown, i) => ({ field: `${field}[${i}]`, value: item }));
  return [{ field, value }];
}

function nonStringError(target: Target): FieldError {
  const why = isSubstitutionPlaceholder(target.value)
    ? "; $text/$json/$yaml placeholders are not supported in references"
    : "";
  return { field: target.field, message: `must be an entity ref string (got ${describeValue(target.value)})${why}` };
}

function refError(rule: RelationRule, target: Target, failure: { message: string; problem: RefProblem }): FieldError {
  if (failure.problem !== "missing-kind") return { field: target.field, message: failure.message };
  const name = String(target.value);
  const message = `"${name}" has no kind, and ${rule.field} has no default kind; write e.g. "component:${name}" or "resource:${name}"`;
  return { field: target.field, message };
}

/**
 * Every relation the entity's spec implies, each emitted in both directions with lowercase refs.
 * Refs without a namespace land in the entity's own namespace. Duplicates are dropped, as the
 * catalog does when it stores them.
 */
export function deriveRelations(entity: Entity): { relations: Relation[]; errors: FieldError[] } {
  const self = entityRefOf(entity);
  const selfRef = stringifyEntityRef(self);
  const spec = entity.spec ?? {};
  const relations = new Map<string, Relation>();
  const errors: FieldError[] = [];

  const add = (relation: Relation) => {
    relations.set(`${relation.sourceRef} ${relation.type} ${relation.targetRef}`, relation);
  };

  for (const rule of RELATION_RULES[entity.kind] ?? []) {
    for (const target of targetsOf(`spec.${rule.field}`, spec[rule.field])) {
      if (typeof target.value !== "string") {
        errors.push(nonStringError(target));
        continue;
      }
      const parsed = parseEntityRef(target.value, { defaultKind: rule.defaultKind, defaultNamespace: self.namespace });
      if (!parsed.ok) {
        errors.push(refError(rule, target, parsed));
        continue;
      }
      const targetRef = stringifyEntityRef(parsed.ref);
      add({ sourceRef: selfRef, type: rule.outgoing, targetRef });
      add({ sourceRef: targetRef, type: rule.incoming, targetRef: selfRef });
    }
  }
  return { relations: [...relations.values()], errors };
}
