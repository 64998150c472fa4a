import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { importDescriptors } from "./import-descriptors";
import { getTeam, listTeams } from "./team-queries";

const yaml = `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: engineering, title: Engineering }
spec: { type: department, children: [platform, payments] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: platform
  description: Runs the shared infrastructure.
  links: [{ url: "https://chat.example/platform", title: "#platform" }]
spec:
  type: team
  parent: engineering
  children: []
  members: [alice, bob]
  profile: { displayName: Platform Team, email: platform@example.com }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: payments }
spec: { type: team, parent: engineering, children: [], members: [carol, ghost] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: alice }
spec: { profile: { displayName: Alice Archer, email: alice@example.com }, memberOf: [] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: bob }
spec: { memberOf: [] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: carol }
spec: { profile: { displayName: Carol Chen }, memberOf: [] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: dave }
spec: { profile: { displayName: Dave Diaz }, memberOf: [platform] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: portal, title: Developer Portal }
spec: { type: website, lifecycle: production, owner: platform }
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata: { name: portal-api }
spec: { type: openapi, lifecycle: experimental, owner: group:default/platform, definition: "openapi: 3.0.0" }
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata: { name: ledger-db }
spec: { type: database, owner: payments }
`;

describe.each(testDatabases())("team queries ($name)", ({ open }) => {
  let database: Database;

  beforeAll(async () => {
    database = await open();
    await importDescriptors(
      database.db,
      { kind: "system", name: "test", role: "admin" },
      {
        location: { id: "test", type: "api", target: "test" },
        text: yaml,
        source: "test.yaml",
      },
    );
  });

  afterAll(async () => {
    await database?.close();
  });

  it("lists every group by name with members, owned entities and parent", async () => {
    const teams = await listTeams(database.db);
    expect(teams.map((t) => t.name)).toEqual(["engineering", "payments", "platform"]);
    const platform = teams.find((t) => t.name === "platform")!;
    expect(platform).toMatchObject({
      ref: "group:default/platform",
      displayName: "Platform Team",
      type: "team",
      // alice and bob from the group's members, dave from his own memberOf.
      memberCount: 3,
      ownedCount: 2,
      parent: { ref: "group:default/engineering", displayName: "Engineering" },
    });
    const engineering = teams.find((t) => t.name === "engineering")!;
    expect(engineering).toMatchObject({ memberCount: 0, ownedCount: 0, parent: null });
    expect(teams.find((t) => t.name === "payments")).toMatchObject({ memberCount: 2, ownedCount: 1 });
  });

  it("reads one team's members with their profiles, from either side of the membership", async () => {
    const team = await getTeam(database.db, "group:default/platform");
    expect(team?.members).toEqual([
      {
        ref: "user:default/alice",
        name: "alice",
        displayName: "Alice Archer",
        email: "alice@example.com",
        inCatalog: true,
      },
      { ref: "user:default/bob", name: "bob", displayName: null, email: null, inCatalog: true },
      { ref: "user:default/dave", name: "dave", displayName: "Dave Diaz", email: null, inCatalog: true },
    ]);
    expect(team).toMatchObject({
      displayName: "Platform Team",
      email: "platform@example.com",
      description: "Runs the shared infrastructure.",
      links: [{ url: "https://chat.example/platform", title: "#platform" }],
      parent: { ref: "group:default/engineering", displayName: "Engineering", inCatalog: true },
      children: [],
    });
  });

  it("reads what a team owns, with kind, type and lifecycle", async () => {
    const team = await getTeam(database.db, "group:default/platform");
    expect(team?.owned.map(({ ref, kind, type, lifecycle, title }) => ({ ref, kind, type, lifecycle, title }))).toEqual(
      [
        { ref: "api:default/portal-api", kind: "api", type: "openapi", lifecycle: "experimental", title: null },
        {
          ref: "component:default/portal",
          kind: "component",
          type: "website",
          lifecycle: "production",
          title: "Developer Portal",
        },
      ],
    );
  });

  it("lists child teams, and members who are not in the catalog as such", async () => {
    const engineering = await getTeam(database.db, "Group:default/Engineering");
    expect(engineering?.children.map((c) => c.ref)).toEqual(["group:default/payments", "group:default/platform"]);
    const payments = await getTeam(database.db, "group:default/payments");
    expect(payments?.members.map((m) => [m.name, m.displayName, m.inCatalog])).toEqual([
      ["carol", "Carol Chen", true],
      ["ghost", null, false],
    ]);
  });

  it("returns null for a missing team and for an entity that is not a group", async () => {
    expect(await getTeam(database.db, "group:default/nobody")).toBeNull();
    expect(await getTeam(database.db, "component:default/portal")).toBeNull();
  });
});
