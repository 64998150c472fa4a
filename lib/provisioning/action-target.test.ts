import { describe, expect, it } from "vitest";
import { matchesEntity, matchesEnvironment, type TargetEntity } from "./action-target";
import { loadTemplate } from "./load-templates";
import { actionTargetSchema } from "./template-schema";

const SOURCE = { kind: "file" as const, file: "x.yaml" };
const payments: TargetEntity = {
  kind: "Component",
  type: "service",
  lifecycle: "production",
  owner: "group:default/payments",
  system: "system:default/checkout",
};
const rule = (value: unknown) => actionTargetSchema.parse(value);

describe("action template targets", () => {
  it("a bare target matches every component, and only components", () => {
    expect(matchesEntity(rule("component"), payments)).toBe(true);
    expect(matchesEntity(rule("component"), { ...payments, kind: "API" })).toBe(false);
    expect(matchesEntity(rule({ on: "component", kind: "api" }), { ...payments, kind: "API" })).toBe(true);
  });

  it("narrows by type and lifecycle (any of a list, case-insensitive)", () => {
    expect(matchesEntity(rule({ on: "component", type: "service" }), payments)).toBe(true);
    expect(matchesEntity(rule({ on: "component", type: "website" }), payments)).toBe(false);
    expect(matchesEntity(rule({ on: "component", type: ["website", "Service"] }), payments)).toBe(true);
    expect(matchesEntity(rule({ on: "component", lifecycle: "experimental" }), payments)).toBe(false);
    expect(matchesEntity(rule({ on: "component", lifecycle: "production" }), { ...payments, lifecycle: null })).toBe(
      false,
    );
  });

  it("narrows by owner and system, short refs meaning group: and system: in default", () => {
    expect(matchesEntity(rule({ on: "component", owner: "payments" }), payments)).toBe(true);
    expect(matchesEntity(rule({ on: "component", owner: "group:payments" }), payments)).toBe(true);
    expect(matchesEntity(rule({ on: "component", owner: "group:default/search" }), payments)).toBe(false);
    expect(
      matchesEntity(rule({ on: "component", owner: "user:default/ann" }), { ...payments, owner: "user:ann" }),
    ).toBe(true);
    expect(matchesEntity(rule({ on: "component", system: "checkout" }), payments)).toBe(true);
    expect(matchesEntity(rule({ on: "component", system: "billing" }), payments)).toBe(false);
    expect(matchesEntity(rule({ on: "component", system: "checkout" }), { ...payments, system: null })).toBe(false);
  });

  it("environment targets match environments of matching entities, narrowed by name", () => {
    const target = rule({ on: "environment", lifecycle: "production", environment: ["staging", "production"] });
    expect(matchesEnvironment(target, payments, "Production")).toBe(true);
    expect(matchesEnvironment(target, payments, "pr-12")).toBe(false);
    expect(matchesEnvironment(target, { ...payments, lifecycle: "experimental" }, "staging")).toBe(false);
    expect(matchesEnvironment(rule("environment"), payments, "anything")).toBe(true);
    // A component action is not offered on environments.
    expect(matchesEnvironment(rule("component"), payments, "staging")).toBe(false);
  });
});

describe("action template schema", () => {
  const action = {
    apiVersion: "scaffolder.backstage.io/v1beta3",
    kind: "Template",
    metadata: { name: "flush-cache" },
    spec: {
      type: "action",
      target: { on: "environment", type: "service" },
      steps: [
        {
          id: "log",
          action: "debug:log",
          input: {
            message:
              "${{ entity.ref }} ${{ environment.name }} ${{ environment.url }} ${{ release.version }} ${{ parameters.reason }}",
          },
        },
      ],
    },
  };
  const problems = (body: unknown) => {
    const loaded = loadTemplate(body, SOURCE);
    return loaded.ok ? [] : loaded.problems;
  };

  it("accepts spec.type action with a target, and its target expressions", () => {
    const loaded = loadTemplate(action, SOURCE);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    expect(loaded.template.spec.type).toBe("action");
    expect(loaded.template.spec.target).toEqual({ on: "environment", type: ["service"] });
  });

  it("refuses an action without a target, a target on an environment template, and unknown target keys", () => {
    expect(problems({ ...action, spec: { ...action.spec, target: undefined } })).toEqual([
      expect.objectContaining({ field: "spec.target" }),
    ]);
    expect(problems({ ...action, spec: { ...action.spec, type: "environment" } }).map((p) => p.field)).toContain(
      "spec.target",
    );
    expect(problems({ ...action, spec: { ...action.spec, target: { on: "pipeline" } } })[0].field).toBe(
      "spec.target.on",
    );
    expect(problems({ ...action, spec: { ...action.spec, target: { on: "component", team: "x" } } })[0].field).toBe(
      "spec.target",
    );
    expect(
      problems({ ...action, spec: { ...action.spec, target: { on: "component", environment: "prod" } } })[0].field,
    ).toBe("spec.target.environment");
    expect(
      problems({ ...action, spec: { ...action.spec, target: { on: "release", environment: "prod" } } })[0].field,
    ).toBe("spec.target.environment");
  });

  it("accepts a release target (a release row's action)", () => {
    expect(
      problems({ ...action, spec: { ...action.spec, target: { on: "release", owner: "payments-team" } } }),
    ).toEqual([]);
  });

  it("target expressions are known to action templates only", () => {
    const environmentTemplate = { ...action, spec: { ...action.spec, type: "environment", target: undefined } };
    expect(
      problems(environmentTemplate)
        .map((p) => p.message)
        .join(" "),
    ).toContain('unknown name "entity"');
  });
});
