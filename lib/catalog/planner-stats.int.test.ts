import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database, type DbOrTx } from "@/db/client";
import { testDatabases } from "@/db/testing";
import type { Actor } from "@/lib/access/permissions";
import { importIntoLocation } from "./testing";
import { deleteCatalogLocation } from "./delete-location";
import { catalogStatisticsSettled, plannerRowEstimate } from "./planner-stats";
import { listOrder, valueRanges } from "./queries";
import { entityQuerySchema } from "./schemas";

const admin: Actor = { kind: "system", name: "test", role: "admin" };

type PlanNode = {
  "Node Type": string;
  "Index Name"?: string;
  "Heap Fetches"?: number;
  "Rows Removed by Filter"?: number;
  Plans?: PlanNode[];
};

/** A descriptor file of `n` documents, the i-th written by `document(i)`. */
const descriptors = (n: number, document: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => document(i)).join("---\n");

const components = (prefix: string, n: number) =>
  descriptors(
    n,
    (i) =>
      `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: ${prefix}-${i} }\nspec: { type: service, lifecycle: production, owner: team-a, dependsOn: [component:${prefix}-${(i + 1) % n}] }\n`,
  );

/** The list's own order for `sort` (queries.ts listOrder), as the plans below are asked for it. */
const orderOf = (sort?: string) => sql.join(listOrder(entityQuerySchema.parse(sort ? { sort } : {})), sql`, `);

describe.each(testDatabases())("planner statistics after imports on $name", (target) => {
  let database: Database;
  const importAs = (location: string, text: string) => importIntoLocation(database.db, admin, location, text);

  beforeAll(async () => {
    database = await target.open();
  });
  /** The executed plan of a statement: its top node. */
  const statementPlan = async (statement: SQL, q: DbOrTx = database.db): Promise<PlanNode> => {
    const [row] = await queryRows<{ "QUERY PLAN": unknown }>(q, sql`explain (analyze, format json) ${statement}`);
    const raw = row["QUERY PLAN"];
    return ((typeof raw === "string" ? JSON.parse(raw) : raw) as { Plan: PlanNode }[])[0].Plan;
  };
  /** The executed plan of a page of the list filtered by `where`: its Limit node. */
  const pagePlan = (where: SQL, order = orderOf(), q: DbOrTx = database.db): Promise<PlanNode> =>
    statementPlan(sql`select ref, name_key from entities where ${where} order by ${order} limit 51`, q);
  afterAll(async () => database?.close());

  it("leaves a small import to autovacuum", async () => {
    await importAs("small", components("small", 20));
    await catalogStatisticsSettled(database.db);
    expect(await plannerRowEstimate(database.db, "entities")).not.toBe(20);
  });

  it("analyzes the catalog's tables once an import changed many rows", async () => {
    await importAs("big", components("big", 600));
    await catalogStatisticsSettled(database.db);
    expect(await plannerRowEstimate(database.db, "entities")).toBe(620);
    expect(await plannerRowEstimate(database.db, "relations")).toBeGreaterThanOrEqual(620);
  });

  it("makes a page filtered by kind, lifecycle and type read no heap page for an entity it skips", async () => {
    // The list's query for kind=component&lifecycle=experimental&type=service: no component is
    // experimental. Walking the kind's index reads every component's entry and (without the index's
    // lifecycle and type, or with pages VACUUM has not marked visible) a heap page for each; the
    // lifecycle's index (migration 0039) is a range with nothing in it. Either way no skipped entity
    // costs a heap page.
    const limit = await pagePlan(
      sql`kind in ('component') and lifecycle in ('experimental') and spec_type in ('service')`,
    );
    const [scan] = limit.Plans ?? [];
    expect(["entities_kind_name_key_idx", "entities_lifecycle_name_key_idx", "entities_type_name_key_idx"]).toContain(
      scan["Index Name"],
    );
    if (scan["Node Type"] === "Index Only Scan") expect(scan["Heap Fetches"]).toBe(0);
    else expect(scan["Rows Removed by Filter"] ?? 0).toBe(0);
  });

  it("makes a page filtered by type or lifecycle a range of its own index, the other filter inside it", async () => {
    // Websites, all deprecated, whose names come after every other: walking the name index would skip them all.
    await importAs(
      "late-sites",
      descriptors(
        30,
        (i) =>
          `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: zz-site-${i} }\nspec: { type: website, lifecycle: deprecated, owner: team-a }\n`,
      ),
    );
    await database.db.execute(sql`vacuum (analyze) entities`);
    const planOf = async (where: SQL) => JSON.stringify(await pagePlan(where));
    const byType = await planOf(sql`spec_type in ('website')`);
    expect(byType).toContain('"Index Name":"entities_type_name_key_idx"');
    expect(byType).toContain('"Actual Rows":30');
    const byLifecycle = await planOf(sql`lifecycle in ('deprecated')`);
    expect(byLifecycle).toContain('"Index Name":"entities_lifecycle_name_key_idx"');
    const both = await planOf(sql`spec_type in ('website') and lifecycle in ('production')`);
    expect(both).toMatch(/"Index Name":"entities_(type|lifecycle)_name_key_idx"/);
    expect(both).toContain('"Node Type":"Index Only Scan"');
    expect(both).toContain('"Heap Fetches":0');
    await deleteCatalogLocation(database.db, admin, "late-sites");
  });

  it("makes the newest entities of a kind a range of its own index", async () => {
    // APIs older than every component: walking the update time's index back from the newest entity
    // would skip all the components first (migration 0040).
    await importAs(
      "old-apis",
      descriptors(
        30,
        (i) =>
          `apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: { name: old-api-${i} }\nspec: { type: openapi, lifecycle: production, owner: team-a, definition: x }\n`,
      ),
    );
    await database.db.execute(sql`update entities set updated_at = updated_at - interval '1 day' where kind = 'api'`);
    await database.db.execute(sql`vacuum (analyze) entities`);
    // Sorting 30 of 650 rows is the cheaper plan at this size; forbidding sorts asks whether an index
    // gives the list's order for sort=updated (updated_at desc, nulls first as `desc` means, then ref) for one kind.
    const plan = await database.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_sort = off`);
      await tx.execute(sql`set local enable_incremental_sort = off`);
      return JSON.stringify(await pagePlan(sql`kind in ('api')`, orderOf("updated"), tx));
    });
    await deleteCatalogLocation(database.db, admin, "old-apis");
    expect(plan).toContain('"Index Name":"entities_kind_updated_at_idx"');
    expect(plan).not.toMatch(/"Node Type":"(Incremental )?Sort"/);
    expect(plan).toContain('"Actual Rows":30');
  });

  it("reads the newest entities of several kinds a range per kind", async () => {
    // APIs and systems older than every component: in the update time's index, the components come first.
    await importAs(
      "old-kinds",
      descriptors(30, (i) =>
        i % 6
          ? `apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: { name: older-api-${i} }\nspec: { type: openapi, lifecycle: production, owner: team-a, definition: x }\n`
          : `apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata: { name: older-system-${i} }\nspec: { owner: team-a }\n`,
      ),
    );
    await database.db.execute(
      sql`update entities set updated_at = updated_at - interval '1 day' where kind in ('api', 'system')`,
    );
    await database.db.execute(sql`vacuum (analyze) entities`);
    const query = entityQuerySchema.parse({ kind: ["api", "system"], sort: "updated", limit: 10 });
    const plan = JSON.stringify(await statementPlan(valueRanges(query, undefined, 0)!));
    await deleteCatalogLocation(database.db, admin, "old-kinds");
    expect(plan).toContain('"Index Name":"entities_kind_updated_at_idx"');
    expect(plan).not.toContain("entities_updated_at_idx");
    // A page's worth from each kind (11 APIs, the 5 systems), not a walk past the components.
    expect(plan).toContain('"Actual Rows":16');
    expect(plan).not.toContain("Rows Removed by Filter");
  });

  it("counts removed rows too", async () => {
    await deleteCatalogLocation(database.db, admin, "big");
    await catalogStatisticsSettled(database.db);
    expect(await plannerRowEstimate(database.db, "entities")).toBe(20);
  });
});

describe.each(testDatabases())("background work after the database closed on $name", (target) => {
  it("stops without a warning", async () => {
    const database = await target.open();
    await importIntoLocation(database.db, admin, "closing", components("closing", 20));
    // The import scheduled the relation lists' rebuild for the first quiet second; the database goes first.
    await database.close();
    const warn = vi.spyOn(console, "warn");
    try {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(warn.mock.calls.filter(([message]) => String(message).startsWith("[portolan]"))).toEqual([]);
    } finally {
      warn.mockRestore();
    }
  });
});
