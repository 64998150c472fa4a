// Entity references, read exactly as Backstage reads them (catalog-model's ref.ts), so refs and
// relations computed here compare equal to a Backstage catalog's.
import type { CompoundEntityRef, Entity } from "./types";

export const DEFAULT_NAMESPACE = "default";

export type EntityRefInput = string | { kind?: string; namespace?: string; name: string };

export type RefContext = { defaultKind?: string; defaultNamespace?: string };

export type RefProblem = "empty" | "malformed" | "missing-kind" | "missing-namespace" | "missing-name";

export type ParseRefResult = { ok: true; ref: CompoundEntityRef } | { ok: false; message: string; problem: RefProblem };

type PartialRef = { kind?: string; namespace?: string; name: string };

// `[kind:][namespace/]name`. A "/" before the first ":" means the colon belongs to the name
// (`ns/a:b` is name "a:b"), and everything after the first "/" is the name, slashes included.
function splitRefString(ref: string): PartialRef | undefined {
  let colon = ref.indexOf(":");
  const slash = ref.indexOf("/");
  if (slash !== -1 && slash < colon) colon = -1;

  const kind = colon === -1 ? undefined : ref.slice(0, colon);
  const namespace = slash === -1 ? undefined : ref.slice(colon + 1, slash);
  const name = ref.slice(Math.max(colon + 1, slash + 1));
  if (kind === "" || namespace === "" || name === "") return undefined;
  return { kind, namespace, name };
}

/**
 * Reads a ref in string (`[kind:][namespace/]name`) or object form, filling a missing kind and
 * namespace from the context. Kinds keep the case they were written in (`Component:x` is fine);
 * compare refs through `stringifyEntityRef`, which lowercases.
 */
export function parseEntityRef(ref: EntityRefInput, context?: RefContext): ParseRefResult {
  if (!ref) return { ok: false, message: "entity ref must not be empty", problem: "empty" };
  const shown = JSON.stringify(ref);

  let parts: PartialRef | undefined;
  if (typeof ref === "string") {
    parts = splitRefString(ref);
    if (!parts) {
      const message = `entity ref ${shown} is not of the form [<kind>:][<namespace>/]<name>`;
      return { ok: false, message, problem: "malformed" };
    }
  } else {
    parts = ref;
  }

  const kind = parts.kind ?? context?.defaultKind;
  // An empty default namespace falls back to "default", as Backstage's `||` does.
  const namespace = parts.namespace ?? (context?.defaultNamespace || DEFAULT_NAMESPACE);
  const name = parts.name;
  if (!kind) {
    const message = `entity ref ${shown} has no kind; write it with one, e.g. "component:${name}"`;
    return { ok: false, message, problem: "missing-kind" };
  }
  if (!namespace)
    return { ok: false, message: `entity ref ${shown} has an empty namespace`, problem: "missing-namespace" };
  if (!name) return { ok: false, message: `entity ref ${shown} has an empty name`, problem: "missing-name" };
  return { ok: true, ref: { kind, namespace, name } };
}

type StringifiableRef = { kind: string; namespace?: string; name: string };

function isEntity(value: Entity | StringifiableRef): value is Entity {
  return "metadata" in value;
}

/** The canonical string form `kind:namespace/name`, all lowercase, namespace defaulted. */
export function stringifyEntityRef(ref: Entity | StringifiableRef): string {
  const { kind, namespace, name } = isEntity(ref)
    ? { kind: ref.kind, namespace: ref.metadata.namespace, name: ref.metadata.name }
    : ref;
  // toLowerCase is locale-independent, so it lowercases as Backstage's toLocaleLowerCase("en-US")
  // does, without a locale lookup per call (4 µs against 0.2 µs here; a tenth of an import's app CPU).
  // Each part on its own: a final sigma before ":" or "/" must stay final.
  return `${kind.toLowerCase()}:${(namespace ?? DEFAULT_NAMESPACE).toLowerCase()}/${name.toLowerCase()}`;
}

/**
 * A ref as a descriptor or a filter writes it (`payments`, `group:payments`, `group:default/payments`)
 * in canonical form, or null when it is not one (not a string, empty, unparseable).
 */
export function canonicalRef(value: unknown, defaultKind: string, defaultNamespace = DEFAULT_NAMESPACE): string | null {
  if (typeof value !== "string" || value === "") return null;
  const parsed = parseEntityRef(value, { defaultKind, defaultNamespace });
  return parsed.ok ? stringifyEntityRef(parsed.ref) : null;
}

/** The entity's own ref, in the case it was written (Backstage's getCompoundEntityRef). */
export function entityRefOf(entity: Entity): CompoundEntityRef {
  return {
    kind: entity.kind,
    namespace: entity.metadata.namespace ?? DEFAULT_NAMESPACE,
    name: entity.metadata.name,
  };
}
