import { describe, expect, it } from "vitest";
import { deriveRelations } from "./derive-relations";
import type { Entity, Relation } from "./types";

const entity = (kind: string, spec: Record<string, unknown>, metadata: Partial<Entity["metadata"]> = {}): Entity => ({
  apiVersion: kind === "Template" ? "scaffolder.backstage.io/v1beta3" : "backstage.io/v1alpha1",
  kind,
  metadata: { name: "n", ...metadata },
  spec,
});

// Both directions of one edge, as Backstage emits them.
const pair = (source: string, outgoing: Relation["type"], target: string, incoming: Relation["type"]): Relation[] => [
  { sourceRef: source, type: outgoing, targetRef: target },
  { sourceRef: target, type: incoming, targetRef: source },
];

function relationsOf(e: Entity): Relation[] {
  const { relations, errors } = deriveRelations(e);
  expect(errors).toEqual([]);
  return relations;
}

describe("deriveRelations per kind", () => {
  it("Component: owner, subcomponentOf, APIs, dependencies and system", () => {
    const spec = {
      type: "service",
      lifecycle: "production",
      owner: "o",
      subcomponentOf: "s",
      providesApis: ["b"],
      consumesApis: ["c"],
      dependsOn: ["Resource:r", "Component:d"],
      dependencyOf: ["component:up"],
      system: "s",
    };
    const self = "component:default/n";
    const relations = relationsOf(entity("Component", spec));
    expect(relations).toHaveLength(16);
    expect(relations).toEqual(
      expect.arrayContaining([
        ...pair(self, "ownedBy", "group:default/o", "ownerOf"),
        ...pair(self, "partOf", "component:default/s", "hasPart"),
        ...pair(self, "providesApi", "api:default/b", "apiProvidedBy"),
        ...pair(self, "consumesApi", "api:default/c", "apiConsumedBy"),
        ...pair(self, "dependsOn", "resource:default/r", "dependencyOf"),
        ...pair(self, "dependsOn", "component:default/d", "dependencyOf"),
        ...pair(self, "dependencyOf", "component:default/up", "dependsOn"),
        ...pair(self, "partOf", "system:default/s", "hasPart"),
      ]),
    );
  });

  it("API: owner and system", () => {
    const relations = relationsOf(
      entity("API", { owner: "o", system: "s", type: "openapi", lifecycle: "l", definition: "d" }),
    );
    expect(relations).toEqual([
      ...pair("api:default/n", "ownedBy", "group:default/o", "ownerOf"),
      ...pair("api:default/n", "partOf", "system:default/s", "hasPart"),
    ]);
  });

  it("Resource: owner, dependsOn, dependencyOf and system", () => {
    const relations = relationsOf(
      entity("Resource", {
        type: "db",
        owner: "o",
        dependsOn: ["component:c"],
        dependencyOf: ["component:d"],
        system: "s",
      }),
    );
    expect(relations).toEqual([
      ...pair("resource:default/n", "ownedBy", "group:default/o", "ownerOf"),
      ...pair("resource:default/n", "dependsOn", "component:default/c", "dependencyOf"),
      ...pair("resource:default/n", "dependencyOf", "component:default/d", "dependsOn"),
      ...pair("resource:default/n", "partOf", "system:default/s", "hasPart"),
    ]);
  });

  it("System: owner and domain", () => {
    expect(relationsOf(entity("System", { owner: "o", domain: "d" }))).toEqual([
      ...pair("system:default/n", "ownedBy", "group:default/o", "ownerOf"),
      ...pair("system:default/n", "partOf", "domain:default/d", "hasPart"),
    ]);
  });

  it("Domain: owner and subdomainOf", () => {
    expect(relationsOf(entity("Domain", { owner: "o", subdomainOf: "parent" }))).toEqual([
      ...pair("domain:default/n", "ownedBy", "group:default/o", "ownerOf"),
      ...pair("domain:default/n", "partOf", "domain:default/parent", "hasPart"),
    ]);
  });

  it("User: memberOf groups", () => {
    expect(relationsOf(entity("User", { memberOf: ["g"] }))).toEqual(
      pair("user:default/n", "memberOf", "group:default/g", "hasMember"),
    );
  });

  it("Group: parent, children and members", () => {
    expect(relationsOf(entity("Group", { type: "team", parent: "p", children: ["c"], members: ["m"] }))).toEqual([
      ...pair("group:default/n", "childOf", "group:default/p", "parentOf"),
      ...pair("group:default/n", "parentOf", "group:default/c", "childOf"),
      ...pair("group:default/n", "hasMember", "user:default/m", "memberOf"),
    ]);
  });

  it("Template: owner", () => {
    expect(relationsOf(entity("Template", { owner: "o", steps: [] }))).toEqual(
      pair("template:default/n", "ownedBy", "group:default/o", "ownerOf"),
    );
  });

  it("Location and unknown kinds: none", () => {
    expect(relationsOf(entity("Location", { target: "./x.yaml" }))).toEqual([]);
  });
});

describe("deriveRelations refs", () => {
  const ownerRef = (owner: string, namespace?: string) =>
    relationsOf(entity("System", { owner }, namespace ? { namespace } : {}))[0].targetRef;

  it.each([
    ["group:team-a", "group:default/team-a"],
    ["team-a", "group:default/team-a"],
    ["default/team-a", "group:default/team-a"],
    ["user:jdoe", "user:default/jdoe"],
    ["Group:Team-A", "group:default/team-a"],
    ["User:other/JDoe", "user:other/jdoe"],
  ])("reads owner %j as %s", (owner, expected) => {
    expect(ownerRef(owner)).toBe(expected);
  });

  it("puts namespace-less refs in the entity's own namespace", () => {
    expect(ownerRef("team-a", "payments")).toBe("group:payments/team-a");
    expect(ownerRef("default/team-a", "payments")).toBe("group:default/team-a");
    const [own] = relationsOf(entity("System", { owner: "team-a" }, { namespace: "payments", name: "Billing" }));
    expect(own.sourceRef).toBe("system:payments/billing");
  });

  it("fails a kind-less dependsOn, as Backstage does, naming the item", () => {
    const { relations, errors } = deriveRelations(
      entity("Component", { owner: "o", dependsOn: ["resource:db", "cache"] }),
    );
    expect(errors).toEqual([
      {
        field: "spec.dependsOn[1]",
        message: expect.stringContaining('"cache" has no kind, and dependsOn has no default kind'),
      },
    ]);
    expect(relations.length).toBeGreaterThan(0);
  });

  it("reports malformed refs on their field", () => {
    const { errors } = deriveRelations(entity("Component", { owner: "group:", system: "s" }));
    expect(errors).toEqual([{ field: "spec.owner", message: expect.stringContaining("is not of the form") }]);
  });

  it("drops duplicate edges", () => {
    const relations = relationsOf(entity("Component", { owner: "o", dependsOn: ["component:x", "Component:X"] }));
    expect(relations.filter((r) => r.type === "dependsOn")).toHaveLength(1);
  });
});
