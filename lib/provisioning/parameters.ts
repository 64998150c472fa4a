import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import type { JsonSchemaObject, TemplateDefinition } from "./template-schema";

// ajv-formats is CommonJS; its default export arrives wrapped under some bundlers.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;

function newAjv(): Ajv {
  // ui:* keys are form hints for the browser, not validation keywords.
  const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true, coerceTypes: false });
  addFormats(ajv);
  return ajv;
}

const ajv = newAjv();
const cache = new Map<string, ValidateFunction>();

/** Backstage forms are pages of properties; the server validates them as one object. */
export function mergeParameters(template: TemplateDefinition): {
  schema: JsonSchemaObject;
  uiSchema: Record<string, unknown>;
} {
  const pages = Array.isArray(template.spec.parameters) ? template.spec.parameters : [template.spec.parameters];
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  const uiSchema: Record<string, unknown> = {};
  for (const page of pages) {
    for (const [key, raw] of Object.entries(page.properties ?? {})) {
      const property = { ...(raw as Record<string, unknown>) };
      const ui: Record<string, unknown> = {};
      for (const k of Object.keys(property)) {
        if (k.startsWith("ui:")) {
          ui[k] = property[k];
          delete property[k];
        }
      }
      properties[key] = property;
      if (Object.keys(ui).length) uiSchema[key] = ui;
    }
    required.push(...(page.required ?? []));
  }
  return { schema: { type: "object", properties, required: [...new Set(required)] }, uiSchema };
}

/** Throws with ajv's message when the schema itself is not valid JSON Schema. */
export function compileParameters(schema: JsonSchemaObject): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = cache.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    cache.set(key, validate);
  }
  return validate;
}

export type FieldError = { field: string; message: string };

function fieldOf(error: ErrorObject): string {
  const base = error.instancePath.replace(/^\//, "").replace(/\//g, ".");
  if (error.keyword === "required")
    return [base, (error.params as { missingProperty: string }).missingProperty].filter(Boolean).join(".");
  if (error.keyword === "additionalProperties")
    return [base, (error.params as { additionalProperty: string }).additionalProperty].filter(Boolean).join(".");
  return base;
}

/** Validates (and fills defaults into a copy of) parameters; field errors as values. */
export function validateParameters(
  schema: JsonSchemaObject,
  input: unknown,
): { ok: true; value: Record<string, unknown> } | { ok: false; errors: FieldError[] } {
  const value = structuredClone(input && typeof input === "object" && !Array.isArray(input) ? input : {}) as Record<
    string,
    unknown
  >;
  const validate = compileParameters(schema);
  if (validate(value)) return { ok: true, value };
  const errors = (validate.errors ?? []).map((e) => ({
    field: fieldOf(e),
    message: e.keyword === "required" ? "is required" : (e.message ?? "is invalid"),
  }));
  return { ok: false, errors };
}
