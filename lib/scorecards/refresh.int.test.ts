import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { queryRows, type Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import type { Actor } from "@/lib/access/permissions";
import { importDescriptors } from "@/lib/catalog/import-descriptors";
import { plannerRowEstimate } from "@/lib/catalog/planner-stats";
import { recordDeployment } from "@/lib/delivery/record-deployment";
import { parseScorecardText } from "./load-scorecards";
import { scorecardFacets } from "./scorecard-facets";
import { entityScorecards, levelCounts, scorecardFilterOptions, scorecardResults, teamScorecards } from "./queries";
import { refreshScorecards } from "./refresh";

const admin: Actor = { kind: "system", name: "test", role: "admin" };

const SCORECARD = `apiVersion: portolan.dev/v1alpha1
kind: Scorecard
metadata: { name: readiness }
spec:
  appliesTo: { kind: component, type: service }
  levels: [bronze, silver]
  rules:
    - { id: has-owner, level: bronze, check: { fact: entity.spec.owner, operator: exists } }
    - { id: described, level: bronze, check: { fact: entity.metadata.description, operator: minLength, value: 5 } }
    - { id: Owned_By.Team, level: bronze, check: { fact: relations.ownedBy.refs, operator: contains, value: group:default/team-a } }
    - id: deployed
      level: silver
      check:
        all:
          - { fact: delivery.deploymentsLast30Days, operator: greaterThanInclusive, value: 1 }
          - { fact: delivery.changeFailureRate30d, operator: lessThanInclusive, value: 0.15 }
    - { id: repo-active, level: silver, check: { fact: github.archived, operator: equal, value: false } }
`;
const scorecards = parseScorecardText(SCORECARD, "test.yaml").flatMap((s) => (s.ok ? [s.scorecard] : []));

const component = (name: string, owner: string, description = "") => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: ${name}${description ? `, description: ${description}` : ""} }
spec: { type: service, lifecycle: production, owner: ${owner} }
`;
const catalog = (ordersFixed: boolean) =>
  [
    component("payments", "team-a", "Takes payments."),
    component("orders", ordersFixed ? "team-c" : "team-b", ordersFixed ? "Takes orders." : ""),
    `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: site }\nspec: { type: website, lifecycle: production, owner: team-a }\n`,
  ].join("---\n");

describe.each(testDatabases())("scorecard refresh on $name", (target) => {
  let database: Database;
  const importCatalog = (ordersFixed: boolean) =>
    importDescriptors(database.db, admin, {
      location: { id: "test", type: "api", target: "test" },
      text: catalog(ordersFixed),
      source: "c.yaml",
    });
  const result = async (ref: string) => {
    const [row] = await queryRows<{
      level: string | null;
      score: number;
      rules: { id: string; status: string; message: string }[];
    }>(
      database.db,
      sql`select level, score, rules from scorecard_results where scorecard = 'readiness' and entity_ref = ${ref}`,
    );
    return row;
  };
  const status = (row: Awaited<ReturnType<typeof result>>, id: string) => row?.rules.find((r) => r.id === id)?.status;

  beforeAll(async () => {
    database = await target.open();
    await importCatalog(false);
  });
  afterAll(async () => database?.close());

  it("computes every applying service; unknown facts are unknown with why", async () => {
    const summary = await refreshScorecards(database.db, { mode: "full" }, scorecards);
    expect(summary).toMatchObject({ mode: "full", entities: 2, changed: 2 });
    const payments = await result("component:default/payments");
    expect(payments.level).toBe("bronze");
    expect(status(payments, "Owned_By.Team")).toBe("passed");
    expect(payments.score).toBe(0.6);
    expect(status(payments, "deployed")).toBe("failed");
    expect(payments.rules.find((r) => r.id === "repo-active")).toMatchObject({
      status: "unknown",
      message: expect.stringContaining("names no GitHub repository"),
    });
    const orders = await result("component:default/orders");
    expect([orders.level, status(orders, "described"), status(orders, "Owned_By.Team")]).toEqual([
      null,
      "failed",
      "failed",
    ]);
    expect(await result("component:default/site")).toBeUndefined();
  });

  it("a deployment is reflected in the next refresh of that service, with a history row", async () => {
    await recordDeployment(database.db, admin, {
      id: "d1",
      service: "component:default/payments",
      environment: "production",
      status: "success",
      version: "1.0.0",
    });
    const summary = await refreshScorecards(
      database.db,
      { mode: "entities", refs: ["component:default/payments"] },
      scorecards,
    );
    expect(summary).toMatchObject({ entities: 1, changed: 1 });
    const payments = await result("component:default/payments");
    expect(status(payments, "deployed")).toBe("passed");
    expect(payments.score).toBe(0.8);
    const history = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from scorecard_history where entity_ref = 'component:default/payments'`,
    );
    expect(history[0].n).toBe(2);
  });

  it("a description and a new owner from an import are picked up by the 'changed' refresh; unchanged services are not", async () => {
    await importCatalog(true);
    const summary = await refreshScorecards(database.db, { mode: "changed" }, scorecards);
    expect(summary.mode).toBe("changed");
    expect(summary.entities).toBe(1);
    const orders = await result("component:default/orders");
    expect([status(orders, "described"), status(orders, "Owned_By.Team")]).toEqual(["passed", "failed"]);
    const [owner] = await queryRows<{ owner_ref: string }>(
      database.db,
      sql`select owner_ref from scorecard_results where entity_ref = 'component:default/orders'`,
    );
    expect(owner.owner_ref).toBe("group:default/team-c");
    expect((await refreshScorecards(database.db, { mode: "changed" }, scorecards)).entities).toBe(0);
    const edited = [{ ...scorecards[0], rules: scorecards[0].rules.slice(1) }];
    expect(await refreshScorecards(database.db, { mode: "changed" }, edited)).toMatchObject({
      mode: "full",
      entities: 2,
    });
    expect(await refreshScorecards(database.db, { mode: "changed" }, scorecards)).toMatchObject({ mode: "full" });
  });

  it("reads results by owner and level, a page at a time, and one entity's scorecards with how to fix", async () => {
    const [card] = scorecards;
    const all = await scorecardResults(database.db, card, { limit: 1 });
    expect(all.items.map((i) => i.entityRef)).toEqual(["component:default/orders"]);
    const next = await scorecardResults(database.db, card, { limit: 1, cursor: all.nextCursor ?? undefined });
    expect([next.items.map((i) => i.entityRef), next.nextCursor]).toEqual([["component:default/payments"], null]);
    const byOwner = await scorecardResults(database.db, card, { limit: 10, owner: "team-a" });
    expect(byOwner.items.map((i) => [i.entityRef, i.level])).toEqual([["component:default/payments", "bronze"]]);
    const none = await scorecardResults(database.db, card, { limit: 10, level: "none" });
    expect(none.items.map((i) => i.entityRef)).toEqual(["component:default/orders"]);
    const bronze = await scorecardResults(database.db, card, { limit: 10, level: "bronze" });
    expect(bronze.items.map((i) => i.entityRef)).toEqual(["component:default/payments"]);
    expect(await levelCounts(database.db, card)).toEqual([
      { level: null, count: 1 },
      { level: "bronze", count: 1 },
      { level: "silver", count: 0 },
    ]);
    expect((await levelCounts(database.db, card, "team-a")).map((c) => c.count)).toEqual([0, 1, 0]);
    expect(await scorecardFilterOptions(database.db, card)).toEqual({
      owners: ["group:default/team-a", "group:default/team-c"],
      systems: [],
      lifecycles: ["production"],
    });
    const facets = await scorecardFacets(database.db, card);
    expect(facets.counts.map((c) => c.count)).toEqual([1, 1, 0]);
    // Kept until the next refresh run.
    expect(await scorecardFacets(database.db, card)).toBe(facets);
    await expect(scorecardResults(database.db, card, { limit: 10, level: "platinum" })).rejects.toThrow(
      /bronze, silver, none/,
    );
    const [mine] = await entityScorecards(database.db, "component:default/payments", scorecards);
    expect(mine).toMatchObject({ name: "readiness", level: "bronze", score: 0.8 });
    expect(mine.rules.find((r) => r.id === "repo-active")).toMatchObject({ status: "unknown", title: "repo-active" });
    expect(await entityScorecards(database.db, "component:default/site", scorecards)).toEqual([]);
    // Several scorecards at once: only those that apply, each with its own result.
    const apisOnly = { ...scorecards[0], name: "apis-only", appliesTo: { kind: ["api"] } };
    const both = await entityScorecards(database.db, "component:default/payments", [apisOnly, ...scorecards]);
    expect(both.map((s) => [s.name, s.level])).toEqual([["readiness", "bronze"]]);
    const team = await teamScorecards(database.db, "group:default/team-a", [apisOnly, ...scorecards]);
    expect(team.map((s) => s.name)).toEqual(["readiness"]);
    expect(team[0].services.map((s) => s.entityRef)).toContain("component:default/payments");
  });

  it("a refresh that writes many results refreshes the planner's statistics of scorecard_results", async () => {
    const reltuples = () => plannerRowEstimate(database.db, "scorecard_results");
    expect(await reltuples()).toBeLessThan(500);
    const many = Array.from({ length: 600 }, (_, i) => component(`svc-${i}`, "team-a", "Serves.")).join("---\n");
    await importDescriptors(database.db, admin, {
      location: { id: "many", type: "api", target: "many" },
      text: many,
      source: "many.yaml",
    });
    await refreshScorecards(database.db, { mode: "changed" }, scorecards);
    expect(await reltuples()).toBeGreaterThanOrEqual(600);
  });

  it("results of a scorecard that is gone, or of a service it no longer applies to, are removed", async () => {
    await refreshScorecards(database.db, { mode: "full" }, []);
    const [{ n }] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from scorecard_results`);
    expect(n).toBe(0);
    // A run was logged: the scorecard page's counts follow (the previous run's served meanwhile).
    await vi.waitFor(async () =>
      expect((await scorecardFacets(database.db, scorecards[0])).counts.map((c) => c.count)).toEqual([0, 0, 0]),
    );
  });
});
