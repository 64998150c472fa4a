import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import type { Actor } from "@/lib/access/permissions";
import { importDescriptors } from "@/lib/catalog/import-descriptors";
import { testActor } from "@/lib/provisioning/testing";
import { applyingScorecards, loadAllScorecards } from "./catalog-scorecards";
import { scorecardResults } from "./queries";
import { refreshScorecards } from "./refresh";

const admin: Actor = { kind: "system", name: "test", role: "admin" };

const scorecard = (name: string, check: string, extra = "") => `apiVersion: portolan.dev/v1alpha1
kind: Scorecard
metadata: { name: ${name} }
spec:
  appliesTo: { kind: component }
  levels: [bronze]
  rules:
    - { id: r1, level: bronze, how: Describe it., check: ${check} }
${extra}`;

const CATALOG = [
  `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: c1, description: Payments }\nspec: { type: service, lifecycle: production, owner: team-a }\n`,
  `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: c2 }\nspec: { type: service, lifecycle: production, owner: team-a }\n`,
  scorecard("described", "{ fact: entity.metadata.description, operator: exists }"),
  scorecard("typo", "{ fact: entity.metadata.description, operator: exist }"),
  scorecard("slow-regex", '{ fact: entity.metadata.name, operator: matches, value: "^(a+)+$" }'),
  // The built-in directory scorecard's name: the directory's stays in force.
  scorecard("production-readiness", "{ fact: entity.spec.owner, operator: exists }"),
].join("---\n");

describe.each(testDatabases())("scorecards as catalog entities on $name", (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open();
    await importDescriptors(database.db, admin, {
      location: { id: "platform", type: "api", target: "platform" },
      text: CATALOG,
      source: "platform.yaml",
    });
    await importDescriptors(database.db, testActor("dev"), {
      location: { id: "dev-own", type: "api", target: "dev-own" },
      text: scorecard("mine", "{ fact: entity.spec.owner, operator: exists }"),
      source: "mine.yaml",
    });
  });
  afterAll(async () => database?.close());

  const problemsOf = async (name: string) =>
    (await loadAllScorecards(database.db)).flatMap((s) => (!s.ok && s.name === name ? [s] : []));

  it("a valid scorecard an admin imported applies beside the directory's, and its results are computed", async () => {
    const names = (await applyingScorecards(database.db)).map((s) => s.name);
    expect(names).toContain("described");
    expect(names).toContain("production-readiness");
    const described = (await applyingScorecards(database.db)).find((s) => s.name === "described")!;
    await refreshScorecards(database.db, { mode: "full" }, await applyingScorecards(database.db));
    const page = await scorecardResults(database.db, described, { limit: 10 });
    expect(page.items.map((i) => [i.entityRef, i.level])).toEqual([
      ["component:default/c1", "bronze"],
      ["component:default/c2", null],
    ]);
  });

  it("a broken one is reported with its entity, field and reason, and not applied", async () => {
    const [typo] = await problemsOf("typo");
    expect(typo.file).toContain("scorecard:default/typo");
    expect(typo.problems).toEqual([
      expect.objectContaining({ field: "spec.rules.0.check.operator", message: expect.stringContaining("exist") }),
    ]);
    const [slow] = await problemsOf("slow-regex");
    expect(slow.problems[0]).toMatchObject({ field: "spec.rules.0.check.value" });
    const [shadow] = await problemsOf("production-readiness");
    expect(shadow.problems[0]).toMatchObject({ field: "metadata.name" });
    const names = (await applyingScorecards(database.db)).map((s) => s.name);
    expect(names).not.toContain("typo");
    expect(names).not.toContain("slow-regex");
    expect(names.filter((n) => n === "production-readiness")).toHaveLength(1);
  });

  it("a developer's import waits for an admin", async () => {
    const [mine] = await problemsOf("mine");
    expect(mine.problems[0].message).toMatch(/waiting for an admin/);
    expect((await applyingScorecards(database.db)).map((s) => s.name)).not.toContain("mine");
  });

  it("an unchanged scorecard is read as the same object; a changed one is parsed again", async () => {
    const importLater = (check: string) =>
      importDescriptors(database.db, admin, {
        location: { id: "platform-3", type: "api", target: "platform-3" },
        text: scorecard("later", check),
        source: "later.yaml",
      });
    const later = async () => (await applyingScorecards(database.db)).find((s) => s.name === "later");
    await importLater("{ fact: entity.spec.owner, operator: exists }");
    const first = await later();
    expect(first?.rules[0].check).toMatchObject({ fact: "entity.spec.owner" });
    expect(await later()).toBe(first);
    await importLater("{ fact: entity.metadata.description, operator: exists }");
    const second = await later();
    expect(second).not.toBe(first);
    expect(second?.rules[0].check).toMatchObject({ fact: "entity.metadata.description" });
  });

  it("the catalog itself refuses a Scorecard whose envelope is wrong, naming the field", async () => {
    await expect(
      importDescriptors(database.db, admin, {
        location: { id: "platform-2", type: "api", target: "platform-2" },
        text: `apiVersion: portolan.dev/v1alpha1\nkind: Scorecard\nmetadata: { name: no-levels }\nspec: { rules: [] }\n`,
        source: "bad.yaml",
      }),
    ).rejects.toMatchObject({
      code: "unprocessable:catalog",
      message: expect.stringMatching(/spec\.levels: is required[\s\S]*spec\.rules: must be a non-empty list/),
    });
  });
});
