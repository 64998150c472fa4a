// The kinds Portolan accepts and the spec shape of each, transcribed from Backstage's JSON
// schemas (catalog-model/src/schema/kinds/*.schema.json, and scaffolder-common's Template
// v1beta3). Spec fields not listed are allowed, as the schemas do not forbid extra properties.
import { checkString, describeValue, isPlainObject } from "./field-rules";
import { checkTemplateField, type TemplateShape } from "./template-spec";
import type { FieldError } from "./types";

type FieldShape = "string" | "string[]" | "profile" | "presence" | "mapping[]" | TemplateShape;
type SpecField = {
  shape: FieldShape;
  required?: boolean;
  example?: string;
  // Extra words for a missing required field, given the rest of the spec.
  missingHint?: (spec: Record<string, unknown>) => string;
};
type KindSpec = {
  apiVersions: readonly string[];
  // apiVersions Backstage once read for the kind and no longer does, with what to write instead.
  retiredVersions?: Record<string, string>;
  fields: Record<string, SpecField>;
};

const CORE_VERSIONS = ["backstage.io/v1alpha1", "backstage.io/v1beta1"] as const;

const PROFILE_FIELDS = ["displayName", "email", "picture"];

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
      definition: {
        ...req("string", "$text: ./openapi.yaml"),
        // Only Backstage's alpha MCP model layer reads `remotes` in place of a definition.
        missingHint: (spec) =>
          spec.remotes === undefined
            ? ""
            : " (APIs described by `remotes`, such as mcp-server, need a catalog module that neither a default Backstage nor Portolan installs)",
      },
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
  // Read by the scaffolder's ScaffolderEntitiesProcessor; older template formats were dropped.
  Template: {
    apiVersions: ["scaffolder.backstage.io/v1beta3"],
    retiredVersions: {
      "backstage.io/v1beta2":
        "v1beta2 templates are no longer read by Backstage's scaffolder; migrate to scaffolder.backstage.io/v1beta3",
      "backstage.io/v1alpha1":
        "v1alpha1 templates are no longer read by Backstage's scaffolder; migrate to scaffolder.backstage.io/v1beta3",
    },
    fields: {
      type: req("string", "service"),
      steps: req("steps", "[{ action: fetch:template }]"),
      owner: opt("string"),
      parameters: opt("parameters"),
      output: opt("mapping"),
    },
  },
  // Portolan's own: a scorecard as a catalog entity. The envelope is checked here; the rules
  // themselves by lib/scorecards/definition.ts when scorecards load (broken ones are reported there).
  Scorecard: {
    apiVersions: ["portolan.dev/v1alpha1"],
    fields: {
      levels: req("string[]", "[bronze, silver, gold]"),
      rules: req(
        "mapping[]",
        "[{ id: has-owner, level: bronze, check: { fact: entity.spec.owner, operator: exists } }]",
      ),
      appliesTo: opt("mapping"),
    },
  },
};

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
  if (shape === "mapping[]") {
    if (!Array.isArray(value) || value.length === 0) {
      const got = Array.isArray(value) ? "an empty list" : describeValue(value);
      errors.push({ field, message: `must be a non-empty list of mappings (got ${got})` });
      return;
    }
    value.forEach((item: unknown, i) => {
      if (!isPlainObject(item))
        errors.push({ field: `${field}[${i}]`, message: `must be a mapping (got ${describeValue(item)})` });
    });
    return;
  }
  if (shape !== "profile" && shape !== "presence") return checkTemplateField(field, shape, value, errors);
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
  // The profile fields Backstage defines are optional non-empty strings; the schema leaves
  // any other key (a phone number, a nested mapping) unchecked, and so do we.
  for (const key of PROFILE_FIELDS) {
    if (value[key] !== undefined) checkString(`${field}.${key}`, value[key], errors);
  }
}

/** Checks `spec` against the kind's required and typed fields; an unknown kind yields nothing. */
export function validateSpec(kind: string, spec: unknown): FieldError[] {
  const fields = KIND_SPECS[kind]?.fields;
  if (!fields) return [];
  if (!isPlainObject(spec)) {
    const message =
      spec === undefined ? `is required for kind ${kind}` : `must be a mapping (got ${describeValue(spec)})`;
    return [{ field: "spec", message }];
  }
  const errors: FieldError[] = [];
  for (const [name, rule] of Object.entries(fields)) {
    const field = `spec.${name}`;
    const value = spec[name];
    // `owner:` with nothing after it reads as null, which users mean as "missing".
    const isMissing = value === undefined || (value === null && rule.required);
    if (isMissing && rule.required) {
      const hint = rule.missingHint?.(spec) ?? "";
      errors.push({ field, message: `is required for kind ${kind}, e.g. ${name}: ${rule.example}${hint}` });
    } else if (value !== undefined) {
      checkField(field, rule.shape, value, errors);
    }
  }
  return errors;
}
