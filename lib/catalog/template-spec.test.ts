import { describe, expect, it } from "vitest";
import type { FieldError } from "./types";
import { validateEntity } from "./validate-entity";

const template = (spec: unknown, apiVersion = "scaffolder.backstage.io/v1beta3") => ({
  apiVersion,
  kind: "Template",
  metadata: { name: "new-service", title: "New service" },
  spec,
});

const goodSpec = {
  type: "service",
  owner: "group:platform",
  parameters: [{ title: "About", required: ["name"], properties: { name: { type: "string" } } }],
  steps: [
    { id: "fetch", name: "Fetch skeleton", action: "fetch:template", input: { url: "./skeleton" } },
    { id: "publish", action: "publish:github", if: "${{ parameters.publish }}" },
    { action: "catalog:register", if: false },
  ],
  output: { links: [{ title: "Repository", url: "${{ steps.publish.output.remoteUrl }}" }] },
};

function errorsOf(raw: unknown): FieldError[] {
  const result = validateEntity(raw);
  return result.ok ? [] : result.errors;
}

describe("Template (scaffolder.backstage.io/v1beta3)", () => {
  it("accepts a template with typed steps, paged parameters and outputs", () => {
    expect(errorsOf(template(goodSpec))).toEqual([]);
    expect(errorsOf(template({ ...goodSpec, parameters: { properties: {} } }))).toEqual([]);
  });

  it("rejects the retired apiVersions with a pointer to v1beta3", () => {
    for (const apiVersion of ["backstage.io/v1beta2", "backstage.io/v1alpha1"]) {
      const [error] = errorsOf(template(goodSpec, apiVersion));
      expect(error.field).toBe("apiVersion");
      expect(error.message).toContain("migrate to scaffolder.backstage.io/v1beta3");
    }
  });

  it("requires a type and a list of steps", () => {
    expect(errorsOf(template({ steps: "fetch" }))).toEqual([
      { field: "spec.type", message: "is required for kind Template, e.g. type: service" },
      { field: "spec.steps", message: 'must be a list of steps (got "fetch")' },
    ]);
    expect(errorsOf(template({ type: "service" })).map((e) => e.field)).toEqual(["spec.steps"]);
  });

  it("names the step that lacks an action or has a mistyped field", () => {
    const steps = [{ id: "a", action: "fetch:plain" }, { id: "b" }, { action: 3, input: "x", if: 1 }, "publish"];
    expect(errorsOf(template({ type: "service", steps })).map((e) => e.field)).toEqual([
      "spec.steps[1].action",
      "spec.steps[2].action",
      "spec.steps[2].input",
      "spec.steps[2].if",
      "spec.steps[3]",
    ]);
  });

  it("checks the shapes of parameters, output and owner", () => {
    const fields = (spec: Record<string, unknown>) => errorsOf(template({ ...goodSpec, ...spec })).map((e) => e.field);
    expect(fields({ parameters: "name" })).toEqual(["spec.parameters"]);
    expect(fields({ parameters: [{}, "page"] })).toEqual(["spec.parameters[1]"]);
    expect(fields({ output: ["a"] })).toEqual(["spec.output"]);
    expect(fields({ owner: "" })).toEqual(["spec.owner"]);
  });
});
