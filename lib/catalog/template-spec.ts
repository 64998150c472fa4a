// The parts of a scaffolder Template's spec that Backstage's Template v1beta3 schema
// (scaffolder-common) checks before the catalog accepts it: the shape of steps, parameters
// and output. What a step's input holds is the scaffolder's business, not the catalog's.
import { describeValue, isPlainObject } from "./field-rules";
import type { FieldError } from "./types";

export type TemplateShape = "steps" | "parameters" | "mapping";

function checkStep(field: string, step: unknown, errors: FieldError[]): void {
  if (!isPlainObject(step)) {
    errors.push({ field, message: `must be a mapping with at least an action (got ${describeValue(step)})` });
    return;
  }
  if (step.action === undefined || step.action === null) {
    errors.push({ field: `${field}.action`, message: "is required, e.g. action: fetch:template" });
  } else if (typeof step.action !== "string") {
    errors.push({ field: `${field}.action`, message: `must be a string (got ${describeValue(step.action)})` });
  }
  for (const key of ["id", "name"]) {
    if (step[key] !== undefined && typeof step[key] !== "string") {
      errors.push({ field: `${field}.${key}`, message: `must be a string (got ${describeValue(step[key])})` });
    }
  }
  if (step.input !== undefined && !isPlainObject(step.input)) {
    errors.push({ field: `${field}.input`, message: `must be a mapping (got ${describeValue(step.input)})` });
  }
  if (step.if !== undefined && typeof step.if !== "string" && typeof step.if !== "boolean") {
    errors.push({ field: `${field}.if`, message: `must be a string or a boolean (got ${describeValue(step.if)})` });
  }
}

/** Checks one Template spec field of a shape the core kinds do not have. */
export function checkTemplateField(field: string, shape: TemplateShape, value: unknown, errors: FieldError[]): void {
  if (shape === "steps") {
    if (!Array.isArray(value)) {
      errors.push({ field, message: `must be a list of steps (got ${describeValue(value)})` });
      return;
    }
    value.forEach((step: unknown, i) => checkStep(`${field}[${i}]`, step, errors));
    return;
  }
  if (shape === "parameters") {
    // One JSON Schema form, or a list of them shown as separate pages.
    if (isPlainObject(value)) return;
    if (!Array.isArray(value)) {
      errors.push({ field, message: `must be a mapping or a list of mappings (got ${describeValue(value)})` });
      return;
    }
    value.forEach((page: unknown, i) => {
      if (!isPlainObject(page))
        errors.push({ field: `${field}[${i}]`, message: `must be a mapping (got ${describeValue(page)})` });
    });
    return;
  }
  if (!isPlainObject(value)) errors.push({ field, message: `must be a mapping (got ${describeValue(value)})` });
}
