import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import { entities } from "@/db/schema";
import { testDatabases } from "@/db/testing";
import { deleteCatalogLocation } from "./delete-location";
import { importDescriptors } from "./import-descriptors";
import { filterConditions } from "./entity-filters";
import { countEntities, describeRefs, facetCounts, listEntities, listOrder, valueRanges } from "./queries";
import { entityQuerySchema } from "./schemas";

const doc = (kind: string, name: string, spec: string, meta = "") =>
  `apiVersion: backstage.io/v1alpha1\nkind: ${kind}\nmetadata:\n  name: ${name}\n${meta}spec:\n${spec}`;

const CATALOG = [
  doc("Group", "payments", "  type: team\n  children: []\n"),
  doc("Group", "search", "  type: team\n  children: []\n"),
  doc("System", "checkout", "  owner: payments\n"),
  doc(
    "Component",
    "payment-gateway",
    "  type: service\n  lifecycle: production\n  owner: payments\n  system: checkout\n",
    "  title: Payment Gateway\n  description: Charges cards\n  tags: [java, pci]\n",
  ),
  doc(
    "Component",
    "fraud-detector",
    "  type: service\n  lifecycle: experimental\n  owner: payments\n  system: checkout\n",
    "  description: Scores payments for fraud risk\n  tags: [python]\n",
  ),
  doc(
    "Component",
    "search-web",
    "  type: website\n  lifecycle: production\n  owner: group:default/search\n",
    "  tags: [react]\n",
  ),
  doc("Component", "search_indexer", "  type: service\n  lifecycle: production\n  owner: search\n", "  tags: [java]\n"),
  doc("API", "payments-api", "  type: openapi\n  lifecycle: production\n  owner: payments\n  definition: openapi\n"),
].join("---\n");

const q = (input: Record<string, unknown>) => entityQuerySchema.parse(input);

describe.each(testDatabases())("catalog queries on $name", (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open();
    await importDescriptors(
      database.db,
      { kind: "system", name: "t", role: "admin" },
      {
        location: { id: "fixture", type: "api", target: "fixture" },
        text: CATALOG,
        source: "fixture.yaml",
      },
    );
  });
  afterAll(async () => database?.close());

  const names = async (input: Record<string, unknown>) =>
    (await listEntities(database.db, q(input))).items.map((e) => e.metadata.name);

  it("searches as you type: prefixes of words in name, title, description and tags", async () => {
    expect(await names({ q: "paym" })).toEqual(expect.arrayContaining(["payment-gateway", "payments-api", "payments"]));
    expect((await names({ q: "paym" }))[0]).toMatch(/^payment/);
    expect(await names({ q: "fraud risk" })).toEqual(["fraud-detector"]);
    expect(await names({ q: "pci" })).toEqual(["payment-gateway"]);
    expect(await names({ q: "index" })).toEqual(["search_indexer"]);
    expect(await names({ q: "zzz-nothing" })).toEqual([]);
    // Punctuation and SQL-ish input are just text.
    expect(await names({ q: "%' or 1=1 --" })).toEqual([]);
  });

  it("pages a one-word search in the same order whether the name prefix answers a page or every match is ranked", async () => {
    const pageByPage = async (input: Record<string, unknown>) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listEntities(database.db, q({ ...input, limit: 1, cursor }));
        seen.push(...page.items.map((e) => e.metadata.name));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return seen;
    };
    for (const input of [
      { q: "paym" },
      { q: "payments" },
      { q: "pay", kind: "component" },
      { q: "search" },
      { q: "fraud risk" },
    ]) {
      const all = await names({ ...input, limit: 50 });
      expect(all.length).toBeGreaterThan(0);
      expect(await pageByPage(input)).toEqual(all);
    }
    expect(await names({ q: "payments", limit: 50 })).toEqual(["payments", "payments-api", "fraud-detector"]);
  });

  it("filters by kind case-insensitively, owner in short or full form, lifecycle, system and all tags", async () => {
    expect((await names({ kind: "COMPONENT" })).length).toBe(4);
    expect(await names({ kind: "component", owner: "search" })).toEqual(["search_indexer", "search-web"].sort());
    expect(await names({ owner: "group:default/payments", lifecycle: "experimental" })).toEqual(["fraud-detector"]);
    expect(await names({ system: "checkout", kind: "component" })).toEqual(["fraud-detector", "payment-gateway"]);
    expect(await names({ tag: "java,pci" })).toEqual(["payment-gateway"]);
    expect(await names({ kind: ["api", "system"] })).toEqual(["checkout", "payments-api"]);
  });

  it.each(["name", "-name", "kind", "relevance"])(
    "pages with a cursor until the end, without repeats (sort %s)",
    async (sort) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listEntities(database.db, q({ limit: 3, cursor, sort }));
        seen.push(...page.items.map((e) => e.ref));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen.length).toBe(8);
      expect(new Set(seen).size).toBe(8);
      const all = (await listEntities(database.db, q({ limit: 100, sort }))).items.map((e) => e.ref);
      expect(seen).toEqual(all);
      expect(await countEntities(database.db, q({}))).toBe(8);
      await expect(listEntities(database.db, q({ cursor: "garbage!" }))).rejects.toMatchObject({
        code: "bad_request:cursor",
      });
    },
  );

  it.each([
    { kind: ["api", "system", "group"], sort: "updated" },
    { kind: ["Component", "API"], lifecycle: ["production"], sort: "updated" },
    { kind: ["component", "group"] },
    { kind: ["component", "system"], sort: "-name" },
    { owner: ["payments", "group:default/search"] },
    { owner: ["payments", "search"], type: ["service", "website"], sort: "-name" },
    { lifecycle: ["production", "experimental"], kind: ["component"] },
    // More kinds than are read one by one: the owners are.
    { kind: ["component", "api", ...Array.from({ length: 19 }, (_, i) => `kind${i}`)], owner: ["payments", "search"] },
  ])("pages entities of several values of a facet, read value by value, in the list's order: %j", async (input) => {
    // Update times with ties (three entities a minute), so the newest-first order needs its tie-break too.
    await database.db.execute(
      sql`update entities set updated_at = timestamptz '2026-01-01' + (length(ref) / 3) * interval '1 minute'`,
    );
    const query = q({ ...input, limit: 100 });
    expect(valueRanges(query, undefined, 0)).not.toBeNull();
    // The order the list promises, from the one statement that states it over every match.
    const expected = await queryRows<{ ref: string }>(
      database.db,
      sql`select ref from ${entities} where ${filterConditions(query)} order by ${sql.join(listOrder(query), sql`, `)}`,
    );
    expect(expected.length).toBeGreaterThan(2);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listEntities(database.db, q({ ...input, limit: 1, cursor }));
      seen.push(...page.items.map((e) => e.ref));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(expected.map((r) => r.ref));
  });

  it("sorts by name both ways", async () => {
    const asc = await names({ kind: "component", sort: "name" });
    expect(await names({ kind: "component", sort: "-name" })).toEqual([...asc].reverse());
  });

  it("counts facets, each ignoring its own filter", async () => {
    const facets = await facetCounts(database.db, q({ kind: "component" }));
    expect(facets.kind).toEqual(
      expect.arrayContaining([
        { value: "component", count: 4 },
        { value: "group", count: 2 },
      ]),
    );
    expect(facets.owner).toEqual(expect.arrayContaining([{ value: "group:default/payments", count: 2 }]));
    expect(facets.tag).toEqual(expect.arrayContaining([{ value: "java", count: 2 }]));
    expect(facets.lifecycle).toContainEqual({ value: "experimental", count: 1 });
  });

  it("counts facets filtered by kind alone (read from the kept counts) as the entities give them", async () => {
    const component = await facetCounts(database.db, q({ kind: "Component" }));
    expect(component.owner).toEqual([
      { value: "group:default/payments", count: 2 },
      { value: "group:default/search", count: 2 },
    ]);
    expect(component.type).toEqual([
      { value: "service", count: 3 },
      { value: "website", count: 1 },
    ]);
    expect(component.system).toEqual([{ value: "system:default/checkout", count: 2 }]);
    expect(component.tag).toEqual([
      { value: "java", count: 2 },
      { value: "pci", count: 1 },
      { value: "python", count: 1 },
      { value: "react", count: 1 },
    ]);
    // Several kinds: summed. The kind facet ignores its own filter: every kind.
    const several = await facetCounts(database.db, q({ kind: "component,API" }));
    expect(several.owner).toEqual([
      { value: "group:default/payments", count: 3 },
      { value: "group:default/search", count: 2 },
    ]);
    expect(several.lifecycle).toEqual([
      { value: "production", count: 4 },
      { value: "experimental", count: 1 },
    ]);
    expect(several.kind).toEqual([
      { value: "component", count: 4 },
      { value: "group", count: 2 },
      { value: "api", count: 1 },
      { value: "system", count: 1 },
    ]);
    // The same as counting: `namespace=default` holds every entity here but sends each facet to a count.
    for (const kind of ["component", "component,API", "group", "nosuchkind"]) {
      const counted = await facetCounts(database.db, q({ kind, namespace: "default" }));
      expect(await facetCounts(database.db, q({ kind })), kind).toEqual(counted);
    }
    expect((await facetCounts(database.db, q({ kind: "component" }), 1)).owner).toEqual([
      { value: "group:default/payments", count: 2 },
    ]);
  });

  it("counts facets under several filters as the entities give them, each facet ignoring its own filter", async () => {
    // Entities with the same tag list (counted once per entity, not once per list), one naming a tag twice.
    const admin = { kind: "system", name: "t", role: "admin" } as const;
    const spec = "  type: worker\n  lifecycle: production\n  owner: search\n";
    await importDescriptors(database.db, admin, {
      location: { id: "facets-extra", type: "api", target: "facets-extra" },
      text: [
        doc("Component", "queue-a", spec, "  tags: [go, kafka]\n"),
        doc("Component", "queue-b", spec, "  tags: [go, kafka]\n"),
        doc("Component", "queue-c", spec, "  tags: [go, go]\n"),
      ].join("---\n"),
      source: "facets-extra.yaml",
    });
    // The oracle: every entity's facet values, filtered and counted here.
    const rows = await queryRows<{
      kind: string;
      type: string | null;
      owner: string | null;
      lifecycle: string | null;
      system: string | null;
      tags: string[];
    }>(
      database.db,
      sql`select kind, spec_type as type, owner_ref as owner, lifecycle, system_ref as system, tags from entities`,
    );
    type Filters = {
      kind?: string[];
      type?: string[];
      owner?: string[];
      lifecycle?: string[];
      system?: string[];
      tag?: string[];
    };
    const columns = ["kind", "type", "owner", "lifecycle", "system"] as const;
    const expected = (filters: Filters) => {
      const passes = (row: (typeof rows)[number], except: string) =>
        columns.every((c) => c === except || !filters[c] || filters[c].includes(row[c] ?? "")) &&
        (except === "tag" || (filters.tag ?? []).every((t) => row.tags.includes(t)));
      const counted = (values: (string | null)[]) => {
        const counts = new Map<string, number>();
        for (const value of values) if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1);
        return [...counts]
          .map(([value, count]) => ({ value, count }))
          .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
      };
      return {
        ...Object.fromEntries(columns.map((c) => [c, counted(rows.filter((r) => passes(r, c)).map((r) => r[c]))])),
        tag: counted(rows.filter((r) => passes(r, "tag")).flatMap((r) => [...new Set(r.tags)])),
        level: [],
      };
    };
    for (const filters of [
      { lifecycle: ["production"] },
      { kind: ["component"], lifecycle: ["production"] },
      { owner: ["group:default/payments"], tag: ["java"] },
      { type: ["service"], lifecycle: ["production", "experimental"] },
      { tag: ["java", "pci"] },
      { kind: ["component", "api"], system: ["system:default/checkout"] },
      { kind: ["component"], type: ["service"], owner: ["group:default/search"], tag: ["java"] },
      { type: ["worker"] },
      { owner: ["group:default/search"], tag: ["go"] },
    ]) {
      expect(await facetCounts(database.db, q(filters), 200), JSON.stringify(filters)).toEqual(expected(filters));
    }
    // Each facet's first values by count, then by value.
    const first = await facetCounts(database.db, q({ lifecycle: "production" }), 1);
    expect([first.owner, first.type, first.tag]).toEqual([
      [{ value: "group:default/search", count: 5 }],
      [{ value: "worker", count: 3 }],
      [{ value: "go", count: 3 }],
    ]);
    await deleteCatalogLocation(database.db, admin, "facets-extra");
  });

  it("describes the refs that exist (title and kind), once each, and nothing for the rest", async () => {
    const titles = await describeRefs(database.db, [
      "component:default/payment-gateway",
      "component:default/fraud-detector",
      "component:default/payment-gateway",
      "component:default/nowhere",
      "component:default/x'); drop table entities; --",
      "{a,b}",
    ]);
    expect([...titles.keys()].sort()).toEqual([
      "component:default/fraud-detector",
      "component:default/payment-gateway",
    ]);
    expect(titles.get("component:default/payment-gateway")?.title).toBe("Payment Gateway");
    expect(titles.get("component:default/fraud-detector")?.title ?? null).toBeNull();
    expect(titles.get("component:default/fraud-detector")?.kind.toLowerCase()).toBe("component");
    expect((await describeRefs(database.db, [])).size).toBe(0);
  });

  it("rejects bad query parameters with field messages", () => {
    const bad = entityQuerySchema.safeParse({ limit: "1000", sort: "sideways" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path[0])).toEqual(expect.arrayContaining(["limit", "sort"]));
  });
});
