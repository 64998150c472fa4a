// Validates one parsed document as Backstage would accept it: envelope, metadata formats and
// the kind's spec schema. Every problem is returned at once, each naming its field.
import { KIND_SPECS, validateSpec } from "./kind-specs";
import { RULES, describeValue, isPlainObject, isValidKind } from "./field-rules";
import { DEFAULT_NAMESPACE, stringifyEntityRef } from "./refs";
import type { Entity, EntityMetadata, FieldError } from "./types";
import { validateMetadata } from "./validate-metadata";

export type ValidateEntityResult = { ok: true; entity: Entity } | { ok: false; errors: FieldError[]; ref?: string };

const ENVELOPE_FIELDS = ["apiVersion", "kind", "metadata", "spec"];
// Filled in by the catalog as it processes an entity. Backstage's NoForeignRootFieldsEntityPolicy
// allows only the four envelope fields, so a file that carries these is rejected there too.
const CATALOG_OWNED_FIELDS = ["relations", "status"];
const KNOWN_KINDS = Object.keys(KIND_SPECS);

function checkKind(kind: unknown): FieldError[] {
  if (kind === undefined || kind === null) {
    return [{ field: "kind", message: `is required, one of ${KNOWN_KINDS.join(", ")}` }];
  }
  if (!isValidKind(kind)) return [{ field: "kind", message: `${RULES.kind} (got ${describeValue(kind)})` }];
  if (KIND_SPECS[kind]) return [];
  // Backstage matches kinds case-sensitively: `kind: component` is not a Component.
  const sameButCase = KNOWN_KINDS.find((known) => known.toLowerCase() === kind.toLowerCase());
  // Backstage too rejects a kind that no installed processor validates ("No processor recognized
  // the entity as valid"): Environment, AiResource and the like need extra catalog modules.
  const message = sameButCase
    ? `unknown kind "${kind}"; kinds are case-sensitive, write "${sameButCase}"`
    : `unknown kind "${kind}": a Backstage catalog accepts it only with a module that handles that kind, and Portolan reads ${KNOWN_KINDS.join(", ")}`;
  return [{ field: "kind", message }];
}

function checkApiVersion(apiVersion: unknown, kind: unknown): FieldError[] {
  const field = "apiVersion";
  if (apiVersion === undefined || apiVersion === null) {
    return [{ field, message: 'is required, e.g. "backstage.io/v1alpha1"' }];
  }
  if (typeof apiVersion !== "string") {
    return [{ field, message: `must be a string (got ${describeValue(apiVersion)})` }];
  }
  const spec = typeof kind === "string" ? KIND_SPECS[kind] : undefined;
  const allowed = spec?.apiVersions;
  if (!allowed || allowed.includes(apiVersion)) return [];
  const retired = spec?.retiredVersions?.[apiVersion];
  if (retired)
    return [{ field, message: `${JSON.stringify(apiVersion)} is not accepted for kind ${String(kind)}: ${retired}` }];
  const options = allowed.map((v) => `"${v}"`).join(" or ");
  return [{ field, message: `must be ${options} for kind ${String(kind)} (got ${describeValue(apiVersion)})` }];
}

function checkRootFields(raw: Record<string, unknown>): FieldError[] {
  return Object.keys(raw)
    .filter((key) => !ENVELOPE_FIELDS.includes(key))
    .map((key) => ({
      field: key,
      message: CATALOG_OWNED_FIELDS.includes(key)
        ? "is filled in by the catalog as it processes the entity and cannot be written in a descriptor file; remove it"
        : "is not allowed at the top level; only apiVersion, kind, metadata and spec are (should it be under metadata or spec?)",
    }));
}

// Lets a failed document still be recognised in messages and lists when its identity is readable.
function refOfInvalid(raw: Record<string, unknown>): string | undefined {
  const metadata = isPlainObject(raw.metadata) ? raw.metadata : {};
  const { kind } = raw;
  const { name, namespace } = metadata;
  if (typeof kind !== "string" || !kind || typeof name !== "string" || !name) return undefined;
  return stringifyEntityRef({
    kind,
    name,
    namespace: typeof namespace === "string" && namespace ? namespace : undefined,
  });
}

/** Validates a raw parsed document into an Entity, or returns every field error found. */
export function validateEntity(raw: unknown): ValidateEntityResult {
  if (!isPlainObject(raw)) {
    const message = `a descriptor must be a mapping with apiVersion, kind, metadata and spec (got ${describeValue(raw)})`;
    return { ok: false, errors: [{ field: "", message }] };
  }

  const errors: FieldError[] = [
    ...checkRootFields(raw),
    ...checkApiVersion(raw.apiVersion, raw.kind),
    ...checkKind(raw.kind),
    ...validateMetadata(raw.metadata),
  ];
  if (typeof raw.kind === "string" && KIND_SPECS[raw.kind]) errors.push(...validateSpec(raw.kind, raw.spec));
  if (raw.spec !== undefined && !isPlainObject(raw.spec) && !errors.some((e) => e.field === "spec")) {
    errors.push({ field: "spec", message: `must be a mapping (got ${describeValue(raw.spec)})` });
  }
  if (errors.length > 0) return { ok: false, errors, ref: refOfInvalid(raw) };

  // Backstage fills in the default namespace before storing; doing the same keeps refs, hashes
  // and stored entities identical whether or not a file spells out `namespace: default`.
  const metadata = raw.metadata as EntityMetadata;
  const entity: Entity = {
    apiVersion: raw.apiVersion as string,
    kind: raw.kind as string,
    metadata: { ...metadata, namespace: metadata.namespace ?? DEFAULT_NAMESPACE },
  };
  // An empty `annotations:` reads as null; Backstage swaps any such value for its own location
  // annotations (see validate-metadata.ts), so there is nothing of the file's to keep.
  if ("annotations" in metadata && !metadata.annotations) delete entity.metadata.annotations;
  if (raw.spec !== undefined) entity.spec = raw.spec as Record<string, unknown>;
  return { ok: true, entity };
}
