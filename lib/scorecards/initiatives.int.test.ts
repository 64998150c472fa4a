import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import type { Actor } from "@/lib/access/permissions";
import { importDescriptors } from "@/lib/catalog/import-descriptors";
import { recordDeployment } from "@/lib/delivery/record-deployment";
import { createInitiative, getInitiative, initiativeInput, initiativeProgress, listInitiatives } from "./initiatives";
import { parseScorecardText } from "./load-scorecards";
import { refreshScorecards } from "./refresh";

const admin: Actor = { kind: "system", name: "test", role: "admin" };
const developer: Actor = { kind: "user", id: "u1", login: "dev", name: null, role: "developer" };

const scorecards = parseScorecardText(
  `apiVersion: portolan.dev/v1alpha1
kind: Scorecard
metadata: { name: delivery }
spec:
  appliesTo: { kind: component }
  levels: [bronze, silver]
  rules:
    - { id: has-owner, level: bronze, check: { fact: entity.spec.owner, operator: exists } }
    - { id: deployed, level: silver, check: { fact: delivery.deploymentsLast30Days, operator: greaterThanInclusive, value: 1 } }
`,
  "t.yaml",
).flatMap((s) => (s.ok ? [s.scorecard] : []));

const component = (name: string, owner: string) =>
  `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: ${name} }\nspec: { type: service, lifecycle: production, owner: ${owner} }\n`;

describe.each(testDatabases())("initiatives on $name", (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open();
    await importDescriptors(database.db, admin, {
      location: { id: "test", type: "api", target: "test" },
      text: [component("a1", "team-a"), component("a2", "team-a"), component("b1", "team-b")].join("---\n"),
      source: "c.yaml",
    });
    await refreshScorecards(database.db, { mode: "full" }, scorecards);
  });
  afterAll(async () => database?.close());

  const input = (extra: Record<string, unknown> = {}) =>
    initiativeInput.parse({
      name: "Everything deployed",
      scorecard: "delivery",
      level: "silver",
      owner: "platform",
      deadline: new Date(Date.now() + 10 * 86_400_000).toISOString(),
      ...extra,
    });

  it("only admins (and team leads, initiative-leads.int.test.ts) start one; the target must exist in the scorecard", async () => {
    await expect(createInitiative(database.db, developer, input(), scorecards)).rejects.toMatchObject({
      code: "forbidden:initiative",
    });
    await expect(createInitiative(database.db, admin, input({ level: "gold" }), scorecards)).rejects.toThrow(
      /level must be one of bronze, silver/,
    );
    expect(() => initiativeInput.parse({ ...input(), rules: ["deployed"] })).toThrow(/either level/);
  });

  it("progress counts services at the target, per team, and moves when a service gets there", async () => {
    const created = await createInitiative(database.db, admin, input(), scorecards);
    expect(created).toMatchObject({ owner: "group:default/platform", targetLevel: "silver", createdBy: "system:test" });
    let progress = await initiativeProgress(database.db, await getInitiative(database.db, created.id), scorecards[0]);
    expect([progress.total, progress.done]).toEqual([3, 0]);
    expect(progress.teams.map((t) => [t.owner, t.total, t.done])).toEqual([
      ["group:default/team-a", 2, 0],
      ["group:default/team-b", 1, 0],
    ]);

    await recordDeployment(database.db, admin, {
      id: "d1",
      service: "component:default/b1",
      environment: "production",
      status: "success",
      version: "1",
    });
    await refreshScorecards(database.db, { mode: "entities", refs: ["component:default/b1"] }, scorecards);
    progress = await initiativeProgress(database.db, created, scorecards[0]);
    expect([progress.total, progress.done]).toEqual([3, 1]);
    expect(progress.remaining.map((r) => r.entityRef)).toEqual(["component:default/a1", "component:default/a2"]);
    expect(progress.burnUp.at(-1)?.done).toBe(1);
    expect(progress.teams[0]).toMatchObject({ owner: "group:default/team-a", done: 0 });

    const rulesOnly = await createInitiative(
      database.db,
      admin,
      input({ level: undefined, rules: ["has-owner"], services: { owners: ["team-a"] } }),
      scorecards,
    );
    const listed = await listInitiatives(database.db, scorecards);
    expect(listed.items.find((i) => i.id === rulesOnly.id)?.progress).toEqual({ total: 2, done: 2 });
  });
});
