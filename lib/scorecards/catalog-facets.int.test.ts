import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import type { Actor } from "@/lib/access/permissions";
import { importDescriptors } from "@/lib/catalog/import-descriptors";
import { entityFacetsQuerySchema, entityQuerySchema } from "@/lib/catalog/schemas";
import { sharedFacetCounts } from "@/lib/catalog/shared-counts";
import { catalogFacets } from "./catalog-filter";
import { refreshScorecards } from "./refresh";
import { docsScorecards } from "./testing/docs-scorecard";

// GET /api/v1/entities/facets's lib call, with its query read as the route reads it.

const admin: Actor = { kind: "system", name: "test", role: "admin" };

const scorecards = docsScorecards;

const doc = (kind: string, name: string, spec: string, meta = "") =>
  `apiVersion: backstage.io/v1alpha1\nkind: ${kind}\nmetadata: { name: ${name}${meta} }\nspec: { ${spec} }\n`;

// 8 entities. docs levels: pay-api silver, fraud bronze, web and indexer none.
const CATALOG = [
  doc("Group", "payments", "type: team, children: []"),
  doc("Group", "search", "type: team, children: []"),
  doc("System", "checkout", "owner: payments"),
  doc(
    "Component",
    "pay-api",
    "type: service, lifecycle: production, owner: payments, system: checkout",
    ", description: Charges cards, tags: [java, pci]",
  ),
  doc(
    "Component",
    "fraud",
    "type: service, lifecycle: experimental, owner: payments, system: checkout",
    ", description: Scores",
  ),
  doc("Component", "web", "type: website, lifecycle: production, owner: search", ", tags: [react, java]"),
  doc("Component", "indexer", "type: service, lifecycle: production, owner: search", ", tags: [java]"),
  doc("API", "payments-api", "type: openapi, lifecycle: production, owner: payments, definition: x"),
].join("---\n");

describe.each(testDatabases())("catalog facets on $name", (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open();
    const result = await importDescriptors(database.db, admin, {
      location: { id: "facets", type: "api", target: "facets" },
      text: CATALOG,
      source: "facets.yaml",
    });
    expect(result.counts).toMatchObject({ created: 8, invalid: 0 });
    await refreshScorecards(database.db, { mode: "full" }, scorecards);
  });
  afterAll(async () => database?.close());

  const facets = async (query: Record<string, unknown>) =>
    (await catalogFacets(database.db, entityFacetsQuerySchema.parse(query), async () => scorecards)).facets;

  it("counts every facet's values, the most frequent first, and level only with a scorecard", async () => {
    expect(await facets({})).toEqual({
      kind: [
        { value: "component", count: 4 },
        { value: "group", count: 2 },
        { value: "api", count: 1 },
        { value: "system", count: 1 },
      ],
      type: [
        { value: "service", count: 3 },
        { value: "team", count: 2 },
        { value: "openapi", count: 1 },
        { value: "website", count: 1 },
      ],
      owner: [
        { value: "group:default/payments", count: 4 },
        { value: "group:default/search", count: 2 },
      ],
      lifecycle: [
        { value: "production", count: 4 },
        { value: "experimental", count: 1 },
      ],
      system: [{ value: "system:default/checkout", count: 2 }],
      tag: [
        { value: "java", count: 3 },
        { value: "pci", count: 1 },
        { value: "react", count: 1 },
      ],
    });
  });

  it("filters each facet by every other filter but not by its own", async () => {
    const byKind = await facets({ kind: "component" });
    expect(byKind.kind).toEqual((await facets({})).kind);
    expect(byKind.owner).toEqual([
      { value: "group:default/payments", count: 2 },
      { value: "group:default/search", count: 2 },
    ]);
    expect(byKind.type).toEqual([
      { value: "service", count: 3 },
      { value: "website", count: 1 },
    ]);

    const byKindAndOwner = await facets({ kind: "Component", owner: "search" });
    expect(byKindAndOwner.kind).toEqual([{ value: "component", count: 2 }]);
    expect(byKindAndOwner.owner).toEqual(byKind.owner);
    expect(byKindAndOwner.tag).toEqual([
      { value: "java", count: 2 },
      { value: "react", count: 1 },
    ]);
    expect(byKindAndOwner.lifecycle).toEqual([{ value: "production", count: 2 }]);

    const byTag = await facets({ tag: "java" });
    expect(byTag.tag).toEqual((await facets({})).tag);
    expect(byTag.kind).toEqual([{ value: "component", count: 3 }]);

    // q is a filter of every facet, not a facet.
    const searched = await facets({ q: "fraud" });
    expect(searched.kind).toEqual([{ value: "component", count: 1 }]);
    expect(searched.lifecycle).toEqual([{ value: "experimental", count: 1 }]);
  });

  it("returns only the facets asked for, and at most limit values of each", async () => {
    expect(Object.keys(await facets({ facets: "tag,kind" }))).toEqual(["tag", "kind"]);
    expect(Object.keys(await facets({ facets: ["owner", "owner", "system"] }))).toEqual(["owner", "system"]);
    expect(await facets({ facets: "kind,tag", limit: "1" })).toEqual({
      kind: [{ value: "component", count: 4 }],
      tag: [{ value: "java", count: 3 }],
    });
    expect((await facets({ limit: 2 })).type).toEqual([
      { value: "service", count: 3 },
      { value: "team", count: 2 },
    ]);
    expect((await facets({ scorecard: "docs", facets: "level", limit: 1 })).level).toEqual([
      { value: "silver", count: 1 },
    ]);
  });

  it("counts a scorecard's levels (highest first), filtered by the other facets but not by level", async () => {
    const all = await facets({ scorecard: "docs" });
    expect(all.level).toEqual([
      { value: "silver", count: 1 },
      { value: "bronze", count: 1 },
      { value: "none", count: 2 },
    ]);
    expect(all.kind).toEqual([{ value: "component", count: 4 }]);
    const below = await facets({ scorecard: "docs", level: "none" });
    expect(below.level).toEqual(all.level);
    expect(below.owner).toEqual([{ value: "group:default/search", count: 2 }]);
    expect((await facets({ scorecard: "docs", owner: "search" })).level).toEqual([{ value: "none", count: 2 }]);
  });

  it("refuses what it cannot answer with a 400 saying what to write", async () => {
    const issues = (query: Record<string, unknown>) =>
      entityFacetsQuerySchema.safeParse(query).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(issues({ facets: "kind,owners" })).toEqual([
      'facets.1: unknown facet "owners": facets takes kind, type, owner, lifecycle, system, tag, level',
    ]);
    expect(issues({ limit: "0" })).toEqual(["limit: limit must be at least 1"]);
    expect(issues({ limit: "201" })).toEqual(["limit: limit must be at most 200 (values per facet)"]);
    expect(issues({ limit: "many" })).toEqual(["limit: limit must be a number"]);
    expect(issues({ limit: "200", facets: "" })).toBeUndefined();

    await expect(facets({ facets: "level" })).rejects.toMatchObject({
      code: "bad_request:facets",
      message: expect.stringContaining("scorecard=<name>"),
    });
    await expect(facets({ scorecard: "nope" })).rejects.toMatchObject({
      code: "bad_request:scorecard",
      message: expect.stringContaining("known: docs"),
    });
    await expect(facets({ level: "silver" })).rejects.toMatchObject({ code: "bad_request:level" });
  });

  it("shares its counts with the catalog page, and counts anew after an import", async () => {
    // The page's query (a page size, a sort, a cursor) names the same filter set as the API's.
    const page = entityQuerySchema.parse({ kind: "component,api", limit: 25, sort: "name" });
    const shared = await sharedFacetCounts(database.db, page);
    const api = await catalogFacets(database.db, entityFacetsQuerySchema.parse({ kind: "api,component" }));
    expect(api.facets.owner).toBe(shared.owner);

    await importDescriptors(database.db, admin, {
      location: { id: "facets-more", type: "api", target: "facets-more" },
      text: doc("Component", "late", "type: library, lifecycle: production, owner: search"),
      source: "more.yaml",
    });
    expect((await facets({ facets: "type" })).type).toContainEqual({ value: "library", count: 1 });
  });
});
