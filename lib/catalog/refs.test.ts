import { describe, expect, it } from "vitest";
import { canonicalRef, entityRefOf, parseEntityRef, stringifyEntityRef } from "./refs";
import type { Entity } from "./types";

const okRef = (ref: Parameters<typeof parseEntityRef>[0], context?: Parameters<typeof parseEntityRef>[1]) => {
  const result = parseEntityRef(ref, context);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(ref)} to parse: ${result.message}`);
  return result.ref;
};

describe("parseEntityRef", () => {
  it("reads all three parts", () => {
    expect(okRef("component:payments/billing")).toEqual({ kind: "component", namespace: "payments", name: "billing" });
  });

  it("fills kind and namespace from the context, namespace falling back to default", () => {
    expect(okRef("team-a", { defaultKind: "Group" })).toEqual({ kind: "Group", namespace: "default", name: "team-a" });
    expect(okRef("team-a", { defaultKind: "Group", defaultNamespace: "ops" })).toEqual({
      kind: "Group",
      namespace: "ops",
      name: "team-a",
    });
    expect(okRef("team-a", { defaultKind: "Group", defaultNamespace: "" }).namespace).toBe("default");
  });

  it("lets an explicit kind or namespace win over the context", () => {
    expect(okRef("user:jdoe", { defaultKind: "Group", defaultNamespace: "ops" })).toEqual({
      kind: "user",
      namespace: "ops",
      name: "jdoe",
    });
    expect(okRef("default/team-a", { defaultKind: "Group", defaultNamespace: "ops" })).toEqual({
      kind: "Group",
      namespace: "default",
      name: "team-a",
    });
  });

  it("keeps the case of capitalised kinds and names", () => {
    expect(okRef("Component:Default/My-Service")).toEqual({
      kind: "Component",
      namespace: "Default",
      name: "My-Service",
    });
  });

  it("treats a colon after the first slash as part of the name", () => {
    expect(okRef("ns/a:b", { defaultKind: "Group" })).toEqual({ kind: "Group", namespace: "ns", name: "a:b" });
  });

  it("keeps everything after the first slash or colon in the name", () => {
    expect(okRef("component:ns/a/b")).toEqual({ kind: "component", namespace: "ns", name: "a/b" });
    expect(okRef("component:a:b")).toEqual({ kind: "component", namespace: "default", name: "a:b" });
  });

  it("accepts the object form", () => {
    expect(okRef({ name: "x" }, { defaultKind: "API" })).toEqual({ kind: "API", namespace: "default", name: "x" });
    expect(okRef({ kind: "System", namespace: "n", name: "x" })).toEqual({ kind: "System", namespace: "n", name: "x" });
  });

  it.each([
    ["", "empty"],
    ["group:", "malformed"],
    [":team-a", "malformed"],
    ["/team-a", "malformed"],
    ["group:ns/", "malformed"],
  ] as const)("rejects %j as %s", (ref, problem) => {
    const result = parseEntityRef(ref, { defaultKind: "Group" });
    expect(result).toMatchObject({ ok: false, problem });
  });

  it("rejects a ref without kind when there is no default kind", () => {
    const result = parseEntityRef("db");
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem).toBe("missing-kind");
      expect(result.message).toContain('"db" has no kind');
    }
  });
});

describe("canonicalRef", () => {
  it("reads what descriptors and filters write as the catalog's lowercase ref", () => {
    expect(canonicalRef("Payments", "group")).toBe("group:default/payments");
    expect(canonicalRef("group:Payments", "system")).toBe("group:default/payments");
    expect(canonicalRef("checkout", "system", "Shop")).toBe("system:shop/checkout");
    expect(canonicalRef("system:ops/checkout", "system", "shop")).toBe("system:ops/checkout");
  });

  it("is null for what is not a ref", () => {
    for (const value of [undefined, null, 42, "", "group:", "group:default/"])
      expect(canonicalRef(value, "group")).toBeNull();
  });
});

describe("stringifyEntityRef", () => {
  it("lowercases kind, namespace and name and defaults the namespace", () => {
    expect(stringifyEntityRef({ kind: "Component", namespace: "Payments", name: "Billing-API" })).toBe(
      "component:payments/billing-api",
    );
    expect(stringifyEntityRef({ kind: "Group", name: "Team-A" })).toBe("group:default/team-a");
  });

  it("stringifies an entity from its kind and metadata", () => {
    const entity: Entity = { apiVersion: "backstage.io/v1alpha1", kind: "API", metadata: { name: "Orders" } };
    expect(stringifyEntityRef(entity)).toBe("api:default/orders");
  });
});

describe("entityRefOf", () => {
  it("keeps the written case and fills the default namespace", () => {
    const entity: Entity = { apiVersion: "backstage.io/v1alpha1", kind: "Component", metadata: { name: "Billing" } };
    expect(entityRefOf(entity)).toEqual({ kind: "Component", namespace: "default", name: "Billing" });
  });
});
