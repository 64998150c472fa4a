import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import type { Actor } from "@/lib/access/permissions";
import { importDescriptors } from "@/lib/catalog/import-descriptors";
import { countEntities, facetCounts, type EntityPage } from "@/lib/catalog/queries";
import { entityQuerySchema } from "@/lib/catalog/schemas";
import { listCatalogEntities } from "./catalog-filter";
import { refreshScorecards } from "./refresh";
import { docsScorecards } from "./testing/docs-scorecard";

const admin: Actor = { kind: "system", name: "test", role: "admin" };

const scorecards = docsScorecards;

// gold-ish (silver): s1, s2; bronze: b1; none: n1, n2. The API is not a component: not in the scorecard.
const component = (name: string, extra: string) =>
  `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: ${name}${extra} }\nspec: { type: service, lifecycle: production, owner: ${name.startsWith("s") ? "team-s" : "team-x"} }\n`;
const CATALOG = [
  component("s1", ", description: d, tags: [x]"),
  component("s2", ", description: d, tags: [x]"),
  component("b1", ", description: d"),
  component("n1", ""),
  component("n2", ""),
  `apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: { name: api1 }\nspec: { type: openapi, lifecycle: production, owner: team-x, definition: x }\n`,
].join("---\n");

describe.each(testDatabases())("the catalog by scorecard level on $name", (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open();
    await importDescriptors(database.db, admin, {
      location: { id: "levels", type: "api", target: "levels" },
      text: CATALOG,
      source: "c.yaml",
    });
    await refreshScorecards(database.db, { mode: "full" }, scorecards);
  });
  afterAll(async () => database?.close());

  // The page as the API sends it: the database's JSON text.
  const page = async (query: Record<string, unknown>): Promise<EntityPage> =>
    JSON.parse((await listCatalogEntities(database.db, entityQuerySchema.parse(query), async () => scorecards)).text);
  const names = async (query: Record<string, unknown>) => (await page(query)).items.map((e) => e.metadata.name);

  it("filters by scorecard and level (none: below the first level)", async () => {
    expect(await names({ scorecard: "docs" })).toEqual(["b1", "n1", "n2", "s1", "s2"]);
    expect(await names({ scorecard: "docs", level: "silver" })).toEqual(["s1", "s2"]);
    expect(await names({ scorecard: "docs", level: "bronze,none" })).toEqual(["b1", "n1", "n2"]);
    expect(await names({ scorecard: "docs", level: "none", owner: "team-x" })).toEqual(["n1", "n2"]);
    expect(await countEntities(database.db, entityQuerySchema.parse({ scorecard: "docs", level: "silver" }))).toBe(2);
  });

  it("sorts by level, highest or lowest first, then by name, a page at a time", async () => {
    expect(await names({ scorecard: "docs", sort: "level" })).toEqual(["s1", "s2", "b1", "n1", "n2"]);
    expect(await names({ scorecard: "docs", sort: "-level" })).toEqual(["n1", "n2", "b1", "s1", "s2"]);
    const first = await page({ scorecard: "docs", sort: "level", limit: 2 });
    expect(first.items.map((e) => e.metadata.name)).toEqual(["s1", "s2"]);
    expect(await names({ scorecard: "docs", sort: "level", limit: 2, cursor: first.nextCursor })).toEqual(["b1", "n1"]);
  });

  it("counts each level as a facet (highest first), filtered by the other facets but not by level itself", async () => {
    const facets = await facetCounts(database.db, entityQuerySchema.parse({ scorecard: "docs", level: "silver" }));
    expect(facets.level).toEqual([
      { value: "silver", count: 2 },
      { value: "bronze", count: 1 },
      { value: "none", count: 2 },
    ]);
    expect((await facetCounts(database.db, entityQuerySchema.parse({}))).level).toEqual([]);
    const byOwner = await facetCounts(database.db, entityQuerySchema.parse({ scorecard: "docs", owner: "team-s" }));
    expect(byOwner.level).toEqual([{ value: "silver", count: 2 }]);
  });

  it("refuses an unknown scorecard or level, and level or sort=level without a scorecard, saying what to write", async () => {
    await expect(names({ scorecard: "nope" })).rejects.toMatchObject({
      code: "bad_request:scorecard",
      message: expect.stringContaining("known: docs"),
    });
    await expect(names({ scorecard: "docs", level: "gold" })).rejects.toMatchObject({
      code: "bad_request:level",
      message: expect.stringContaining("bronze, silver, none"),
    });
    await expect(names({ level: "bronze" })).rejects.toMatchObject({ code: "bad_request:level" });
    await expect(names({ sort: "level" })).rejects.toMatchObject({ code: "bad_request:sort" });
  });
});
