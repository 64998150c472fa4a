// The kinds Portolan accepts and the spec shape of each, transcribed from Backstage's JSON
// schemas (catalog-model/src/schema/kinds/*.schema.json). Spec fields not listed are allowed,
// as the schemas do not forbid extra properties.
import { describeValue, isPlainObject, isSubstitutionPlaceholder, quoteHint } from "./field-rules";
import type { FieldError } from "./types";

type FieldShape = "string" | "string[]" | "profile" | "presence";
type SpecField = { shape: FieldShape; required?: boolean; example?: string };
type KindSpec = {
  apiVersions: readonly string[];
  // Absent for kinds we store without checking their spec (Template).
  fields?: Record<string, SpecField>;
};

const CORE_VERSIONS = ["backstage.io/v1alpha1", "backstage.io/v1beta1"] as const;

const req = (shape: FieldShape, example?: string): SpecField => ({ shape, required: true, example });
const opt = (shape: FieldShape): SpecField => ({ shape });

export const KIND_SPECS: Record<string, KindSpec> = {
  Component: {
    apiVersions: CORE_VERSIONS,
    fields: {
      type: req("string", "service"),
      lifecycle: req("string", "production"),
      owner: req("string", "group:team-a"),
      system: opt("string"),
      subcomponentOf: opt("string"),
      providesApis: opt("string[]"),
      consumesApis: opt("string[]"),
      dependsOn: opt("string[]"),
      dependencyOf: opt("string[]"),
    },
  },
  API: {
    apiVersions: CORE_VERSIONS,
    fields: {
      type: req("string", "openapi"),
      lifecycle: req("string", "production"),
      owner: req("string", "group:team-a"),
      definition: req("string", "$text: ./openapi.yaml"),
      system: opt("string"),
    },
  },
  System: {
    apiVersions: CORE_VERSIONS,
    fields: { owner: req("string", "group:team-a"), domain: opt("string"), type: opt("string") },
  },
  Domain: {
    apiVersions: CORE_VERSIONS,
    fields: { owner: req("string", "group:team-a"), subdomainOf: opt("string"), type: opt("string") },
  },
  Resource: {
    apiVersions: CORE_VERSIONS,
    fields: {
      type: req("string", "database"),
      owner: req("string", "group:team-a"),
      system: opt("string"),
      dependsOn: opt("string[]"),
      dependencyOf: opt("string[]"),
    },
  },
  Group: {
    apiVersions: CORE_VERSIONS,
    fields: {
      type: req("string", "team"),
      children: req("string[]", "[] (an empty list is fine)"),
      parent: opt("string"),
      members: opt("string[]"),
      profile: opt("profile"),
    },
  },
  User: {
    apiVersions: CORE_VERSIONS,
    fields: { memberOf: opt("string[]"), profile: opt("profile") },
  },
  Location: {
    apiVersions: CORE_VERSIONS,
    fields: { type: opt("string"), target: opt("string"), targets: opt("string[]"), presence: opt("presence") },
  },
  Template: { apiVersions: ["scaffolder.backstage.io/v1beta3", "backstage.io/v1beta2"] },
};

function checkString(field: string, value: unknown, errors: FieldError[]): void {
  if (isSubstitutionPlaceholder(value)) return;
  if (typeof value !== "string") {
    errors.push({ field, message: `must be a string (got ${describeValue(value)})${quoteHint(value)}` });
  } else if (value.length === 0) {
    errors.push({ field, message: "must not be empty" });
  }
}

function checkField(field: string, shape: FieldShape, value: unknown, errors: FieldError[]): void {
  if (shape === "string") return checkString(field, value, errors);
  if (shape === "string[]") {
    if (!Array.isArray(value)) {
      const hint = typeof value === "string" ? `; write it as a list: [${value}]` : "";
      errors.push({ field, message: `must be a list of strings (got ${describeValue(value)})${hint}` });
      return;
    }
    value.forEach((item: unknown, i) => checkString(`${field}[${i}]`, item, errors));
    return;
  }
  if (shape === "presence") {
    if (value !== "required" && value !== "optional") {
      errors.push({ field, message: `must be "required" or "optional" (got ${describeValue(value)})` });
    }
    return;
  }
  if (!isPlainObject(value)) {
    errors.push({ field, message: `must be a mapping, e.g. displayName and email (got ${describeValue(value)})` });
    return;
  }
  // Every profile field Backstage defines is an optional non-empty string.
  for (const [key, item] of Object.entries(value)) {
    if (key !== "externalHandles" && item !== undefined) checkString(`${field}.${key}`, item, errors);
  }
}

/** Checks `spec` against the kind's required and typed fields; an unknown kind yields nothing. */
export function validateSpec(kind: string, spec: unknown): FieldError[] {
  const fields = KIND_SPECS[kind]?.fields;
  if (!fields) return [];
  if (!isPlainObject(spec)) {
    const message = spec === undefined ? `is required for kind ${kind}` : `must be a mapping (got ${describeValue(spec)})`;
    return [{ field: "spec", message }];
  }
  const errors: FieldError[] = [];
  for (const [name, rule] of Object.entries(fields)) {
    const field = `spec.${name}`;
    const value = spec[name];
    // `owner:` with nothing after it reads as null, which users mean as "missing".
    const isMissing = value === undefined || (value === null && rule.required);
    if (isMissing && rule.required) {
      errors.push({ field, message: `is required for kind ${kind}, e.g. ${name}: ${rule.example}` });
    } else if (value !== undefined) {
      checkField(field, rule.shape, value, errors);
    }
  }
  return errors;
}
