import { describe, expect, it } from "vitest";
import { hashEntity, toCanonicalJson } from "./entity-hash";
import type { Entity } from "./types";

const entity: Entity = {
  apiVersion: "backstage.io/v1alpha1",
  kind: "Component",
  metadata: { name: "billing", namespace: "default", tags: ["a", "b"], annotations: { y: "1", x: "2" } },
  spec: { type: "service", owner: "team-a", lifecycle: "production" },
};

describe("hashEntity", () => {
  it("is a sha256 hex digest", () => {
    expect(hashEntity(entity)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("ignores key order at every depth", () => {
    const reordered: Entity = {
      spec: { lifecycle: "production", owner: "team-a", type: "service" },
      metadata: { annotations: { x: "2", y: "1" }, tags: ["a", "b"], namespace: "default", name: "billing" },
      kind: "Component",
      apiVersion: "backstage.io/v1alpha1",
    };
    expect(hashEntity(reordered)).toBe(hashEntity(entity));
  });

  it("changes when a value or array order changes", () => {
    expect(hashEntity({ ...entity, spec: { ...entity.spec, owner: "team-b" } })).not.toBe(hashEntity(entity));
    expect(hashEntity({ ...entity, metadata: { ...entity.metadata, tags: ["b", "a"] } })).not.toBe(hashEntity(entity));
  });
});

describe("toCanonicalJson", () => {
  it("sorts nested keys and keeps arrays in order", () => {
    expect(toCanonicalJson({ b: 1, a: { d: [3, { f: 1, e: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"e":2,"f":1}]},"b":1}',
    );
  });
});
