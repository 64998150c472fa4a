// What the list reads instead of aggregating per request (migration 0029): relation_lists kept by
// triggers on relations, entity_tags kept by triggers on entities, and the one-word search answered
// tier by tier. Each is checked against the plain answer computed from the source tables or in JS.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, sqlTextArray, type Database } from "@/db/client";
import { RELATION_LIST_AT_ONCE_MAX, RELATION_LIST_MAX } from "@/db/schema";
import { testDatabases } from "@/db/testing";
import type { Actor } from "@/lib/access/permissions";
import { deleteCatalogLocation } from "./delete-location";
import { searchCondition, searchRank } from "./entity-filters";
import { importDescriptors } from "./import-descriptors";
import { catalogStatisticsSettled } from "./planner-stats";
import { rebuildRelationLists } from "./relation-lists";
import { facetCounts, getEntity, listEntities } from "./queries";
import { entityQuerySchema } from "./schemas";
import { syntheticCatalog } from "@/scripts/bench/synthetic-catalog";

const ADMIN: Actor = { kind: "system", name: "t", role: "admin" };

const component = (name: string, spec: Record<string, string | string[]>, meta = "") =>
  `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\n${meta}spec:\n  type: service\n  lifecycle: production\n${Object.entries(
    {
      owner: "rm-team",
      ...spec,
    },
  )
    .map(([key, value]) => `  ${key}: ${Array.isArray(value) ? `[${value.join(", ")}]` : value}`)
    .join("\n")}\n`;
const group = (name: string) =>
  `apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: ${name}\nspec:\n  type: team\n  children: []\n`;

async function load(database: Database, location: string, docs: string[]) {
  const result = await importDescriptors(database.db, ADMIN, {
    location: { id: location, type: "api", target: location },
    text: docs.join("---\n"),
    source: `${location}.yaml`,
  });
  expect(result.counts.invalid).toBe(0);
}

/** The names a search lists, page after page of `limit`. */
async function searchedNames(database: Database, q: string, limit: number, filters: Record<string, string>) {
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listEntities(database.db, entityQuerySchema.parse({ ...filters, q, limit, cursor }));
    seen.push(...page.items.map((e) => e.metadata.name));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return seen;
}

/**
 * Sources whose kept list or edge count differs from what relations hold (or that relations lack),
 * once the rebuild the writes scheduled is through.
 */
async function driftedLists(database: Database): Promise<string[]> {
  await catalogStatisticsSettled(database.db);
  const rows = await queryRows<{ ref: string }>(
    database.db,
    sql`with truth as (
          select source_ref, count(*)::int as edges,
            string_agg(distinct '{"type":' || to_json(type)::text || ',"targetRef":' || to_json(target_ref)::text || '}', ',') as any_order
          from relations group by source_ref)
        select coalesce(t.source_ref, rl.source_ref) as ref
        from truth t full join relation_lists rl on rl.source_ref = t.source_ref
        where t.source_ref is null or rl.source_ref is null or rl.edges <> t.edges
           or (rl.list is null) <> (t.edges > ${RELATION_LIST_MAX})
           or rl.list <> (select string_agg('{"type":' || to_json(r.type)::text || ',"targetRef":' || to_json(r.target_ref)::text || '}', ','
                            order by r.type collate "C", r.target_ref collate "C")
                          from (select distinct type, target_ref from relations where source_ref = t.source_ref) r)`,
  );
  return rows.map((r) => r.ref);
}

const relationsOf = async (database: Database, ref: string) =>
  (await getEntity(database.db, ref))?.relations.map((r) => `${r.type} ${r.targetRef}`) ?? null;

/**
 * (facet, kind, value) triples whose kept count differs from the entities' own (either side missing
 * counts as differing).
 */
async function driftedFacets(database: Database): Promise<string[]> {
  const rows = await queryRows<{ facet: string; kind: string; value: string }>(
    database.db,
    sql`with truth as (
          select facet, e.kind, value, count(*)::int as n from entities e,
            lateral (values ('kind', e.kind), ('type', e.spec_type), ('owner', e.owner_ref), ('lifecycle', e.lifecycle),
                            ('system', e.system_ref)) f(facet, value)
          where value is not null group by facet, e.kind, value
          union all
          select 'tag', e.kind, t, count(*)::int from entities e, lateral (select distinct unnest(e.tags) as t) tags
          group by e.kind, t)
        select coalesce(t.facet, c.facet) as facet, coalesce(t.kind, c.kind) as kind, coalesce(t.value, c.value) as value
        from truth t full join entity_facet_counts c on c.facet = t.facet and c.kind = t.kind and c.value = t.value
        where t.n is distinct from c.entities`,
  );
  return rows.map((r) => `${r.facet}=${r.value} (${r.kind})`);
}

/**
 * Facet counts for `filters` as read (kept counts wherever only kind applies) and as counted over the
 * entities: a namespace filter naming every namespace matches every entity but sends each facet to the
 * counting path.
 */
async function facetsReadAndCounted(database: Database, filters: Record<string, unknown>) {
  const namespaces = await queryRows<{ namespace: string }>(database.db, sql`select distinct namespace from entities`);
  const parse = (input: Record<string, unknown>) => entityQuerySchema.parse(input);
  return {
    read: await facetCounts(database.db, parse(filters), 200),
    counted: await facetCounts(database.db, parse({ ...filters, namespace: namespaces.map((n) => n.namespace) }), 200),
  };
}

describe.each(testDatabases())("catalog read models on $name", (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(async () => database?.close());

  it("keeps each entity's relations in step with imports, re-imports and deletes, whichever side wrote the edge", async () => {
    await load(database, "rm-a", [group("rm-team"), component("rm-core", { owner: "rm-team" })]);
    await load(database, "rm-b", [component("rm-web", { owner: "rm-team", dependsOn: ["component:rm-core"] })]);
    // rm-core had edges before: its list waits for the rebuild, and readers aggregate meanwhile.
    const [stale] = await queryRows<{ list: string | null }>(
      database.db,
      sql`select list from relation_lists where source_ref = 'component:default/rm-core'`,
    );
    expect(stale.list).toBeNull();
    expect(await relationsOf(database, "component:default/rm-core")).toEqual([
      "dependencyOf component:default/rm-web",
      "ownedBy group:default/rm-team",
    ]);
    expect(await relationsOf(database, "group:default/rm-team")).toEqual([
      "ownerOf component:default/rm-core",
      "ownerOf component:default/rm-web",
    ]);
    expect(await driftedLists(database)).toEqual([]);
    expect(await driftedFacets(database)).toEqual([]);

    // The dependency is dropped by a re-import of the other location: the edge on rm-core goes with it.
    await load(database, "rm-b", [component("rm-web", { owner: "rm-team" })]);
    expect(await relationsOf(database, "component:default/rm-core")).toEqual(["ownedBy group:default/rm-team"]);

    // Deleting a location removes its entities and their edges (the entities_removed trigger, migration 0031).
    await deleteCatalogLocation(database.db, ADMIN, "rm-b");
    expect(await relationsOf(database, "group:default/rm-team")).toEqual(["ownerOf component:default/rm-core"]);
    const orphans = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from relations r where not exists (select 1 from entities e where e.ref = r.origin_ref)`,
    );
    expect(orphans[0].n).toBe(0);
    expect(await driftedLists(database)).toEqual([]);
    expect(await driftedFacets(database)).toEqual([]);

    // An entity imported after edges pointing at it were written lists them at once.
    await load(database, "rm-c", [component("rm-late-user", { owner: "rm-team", dependsOn: ["component:rm-late"] })]);
    await load(database, "rm-d", [component("rm-late", { owner: "rm-team" })]);
    expect(await relationsOf(database, "component:default/rm-late")).toEqual([
      "dependencyOf component:default/rm-late-user",
      "ownedBy group:default/rm-team",
    ]);
    expect(await driftedLists(database)).toEqual([]);
    expect(await driftedFacets(database)).toEqual([]);
  });

  it("keeps the list of a source with more edges than the triggers list at once, and aggregates above the kept maximum", async () => {
    const many = Array.from({ length: RELATION_LIST_AT_ONCE_MAX + 4 }, (_, i) =>
      component(`rm-big-${String(i).padStart(3, "0")}`, { owner: "rm-big-team" }),
    );
    await load(database, "rm-big", [group("rm-big-team"), ...many]);
    const team = "group:default/rm-big-team";
    const keptList = async () =>
      (
        await queryRows<{ edges: number; list: string | null }>(
          database.db,
          sql`select edges, list from relation_lists where source_ref = ${team}`,
        )
      )[0];
    // Too many for the trigger: the reader aggregates until the rebuild after the pause lists them.
    const listed = await relationsOf(database, team);
    expect(listed).toHaveLength(RELATION_LIST_AT_ONCE_MAX + 4);
    expect(listed?.[0]).toBe("ownerOf component:default/rm-big-000");
    await catalogStatisticsSettled(database.db);
    const kept = await keptList();
    expect(kept.edges).toBe(RELATION_LIST_AT_ONCE_MAX + 4);
    expect(kept.list).not.toBeNull();
    expect(await relationsOf(database, team)).toEqual(listed);
    expect(await driftedLists(database)).toEqual([]);

    // Above the kept maximum the list stays null and every read aggregates the edges.
    await database.db.execute(sql`update relation_lists set list = null where source_ref = ${team}`);
    expect(await rebuildRelationLists(database.db, { maxEdges: RELATION_LIST_AT_ONCE_MAX })).toBe(0);
    expect((await keptList()).list).toBeNull();
    expect(await relationsOf(database, team)).toEqual(listed);
    // A slice takes at least one source, however small its edge budget.
    expect(await rebuildRelationLists(database.db, { sliceEdges: 1 })).toBe(1);
    expect((await keptList()).list).toBe(kept.list);

    // Back under the trigger's limit, the list follows the edges.
    await load(database, "rm-big", [group("rm-big-team"), ...many.slice(0, 3)]);
    expect(await relationsOf(database, team)).toHaveLength(3);
    expect(await driftedLists(database)).toEqual([]);
    expect(await driftedFacets(database)).toEqual([]);
  });

  it("rebuilds stale lists slice by slice within an edge budget", async () => {
    const owners = ["rm-slice-a", "rm-slice-b", "rm-slice-c"];
    await load(
      database,
      "rm-slice",
      owners.flatMap((owner) => [
        group(owner),
        ...Array.from({ length: 5 }, (_, i) => component(`${owner}-c${i}`, { owner })),
      ]),
    );
    await catalogStatisticsSettled(database.db);
    const refs = owners.map((owner) => `group:default/${owner}`);
    const lists = () =>
      queryRows<{ ref: string; list: string }>(
        database.db,
        sql`select source_ref as ref, list from relation_lists where source_ref = any(${sqlTextArray(refs)}) order by 1`,
      );
    const before = await lists();
    await database.db.execute(sql`update relation_lists set list = null where source_ref = any(${sqlTextArray(refs)})`);
    // Budget for one team (5 edges) a slice: three slices, each list as the triggers built it.
    expect(await rebuildRelationLists(database.db, { sliceEdges: 6 })).toBe(3);
    expect(await lists()).toEqual(before);
    expect(await driftedLists(database)).toEqual([]);
  });

  it("adds up edges that concurrent imports write to one source", async () => {
    // Every batch also counts the same owner, tag and kind: concurrent upserts of the same count rows.
    const batches = Array.from({ length: 4 }, (_, b) =>
      Array.from({ length: 15 }, (_, i) =>
        component(`rm-par-${b}-${i}`, { owner: "rm-par-team" }, `  tags: [rmpar, rmpar-${i % 3}]\n`),
      ),
    );
    await load(database, "rm-par-team", [group("rm-par-team")]);
    await Promise.all(batches.map((docs, b) => load(database, `rm-par-${b}`, docs)));
    expect(await relationsOf(database, "group:default/rm-par-team")).toHaveLength(60);
    expect(await driftedLists(database)).toEqual([]);
    expect(await driftedFacets(database)).toEqual([]);
    const { read, counted } = await facetsReadAndCounted(database, { kind: "component" });
    expect(read.tag).toContainEqual({ value: "rmpar", count: 60 });
    expect(read).toEqual(counted);
  });

  it("lands big imports side by side though their transactions write the same kept rows", async () => {
    // Each file is several slices written in one transaction, and the slices of different files touch
    // the same teams', systems' and components' kept rows (relation lists, facet counts) in different
    // orders: side by side, two such transactions each held a row the other needed next and Postgres
    // aborted one as a deadlock. Now they take turns (lockCatalogWrites), and a conflict is retried.
    const files = syntheticCatalog(4_000, 500);
    const queue = [...files];
    const created = await Promise.all(
      [1, 2].map(async () => {
        let count = 0;
        for (let file = queue.shift(); file; file = queue.shift()) {
          const input = {
            location: { id: `rm-dl-${file.location}`, type: "api", target: file.location },
            text: file.text,
            source: "dl.yaml",
          };
          count += (await importDescriptors(database.db, ADMIN, input, { transactionMs: 60_000 })).counts.created;
        }
        return count;
      }),
    );
    expect(created[0] + created[1]).toBe(4_000);
    expect(await driftedLists(database)).toEqual([]);
    expect(await driftedFacets(database)).toEqual([]);
  });

  it("keeps facet counts per kind through re-imports that change an entity's kind, owner and tags, and deletes", async () => {
    const resource = (name: string, owner: string, tags: string) =>
      `apiVersion: backstage.io/v1alpha1\nkind: Resource\nmetadata:\n  name: ${name}\n  tags: [${tags}]\nspec:\n  type: database\n  owner: ${owner}\n`;
    await load(database, "rm-kinds", [
      component("rm-k-one", { owner: "rm-k-team", system: "rm-k-sys" }, "  tags: [rmk, rmk-java]\n"),
      component("rm-k-two", { owner: "rm-k-team" }, "  tags: [rmk]\n"),
      resource("rm-k-db", "rm-k-team", "rmk, rmk-java"),
    ]);
    expect(await driftedFacets(database)).toEqual([]);
    // rm-k-two becomes a resource (another ref: the component goes), rm-k-one and rm-k-db change owner and tags.
    await load(database, "rm-kinds", [
      component("rm-k-one", { owner: "rm-k-other", system: "rm-k-sys" }, "  tags: [rmk-go, rmk-go]\n"),
      resource("rm-k-two", "rm-k-team", "rmk"),
      resource("rm-k-db", "rm-k-other", "rmk-java"),
    ]);
    expect(await driftedFacets(database)).toEqual([]);

    const { read } = await facetsReadAndCounted(database, { kind: "Resource" });
    expect(read.owner).toEqual([
      { value: "group:default/rm-k-other", count: 1 },
      { value: "group:default/rm-k-team", count: 1 },
    ]);
    expect(read.tag).toEqual([
      { value: "rmk", count: 1 },
      { value: "rmk-java", count: 1 },
    ]);
    expect(read.kind).toContainEqual({ value: "resource", count: 2 });
    // Kind alone (one, several, any case, none that exists) and kind with another filter: whatever
    // each facet is read from, the answer is the entities' own.
    for (const filters of [
      {},
      { kind: "component" },
      { kind: "RESOURCE" },
      { kind: ["Component", "resource", "component"] },
      { kind: "component,group" },
      { kind: "nosuchkind" },
      { kind: "resource", owner: "rm-k-other" },
      { kind: "component", tag: "rmk-go" },
      { owner: "rm-k-other" },
    ]) {
      const both = await facetsReadAndCounted(database, filters);
      expect(both.read, JSON.stringify(filters)).toEqual(both.counted);
    }

    await deleteCatalogLocation(database.db, ADMIN, "rm-kinds");
    expect(await driftedFacets(database)).toEqual([]);
    expect((await facetsReadAndCounted(database, { kind: "resource" })).read.owner).toEqual([]);
  });

  it("pages a tag's entities in name order, both ways, and follows tag changes", async () => {
    const tagged = ["rm-t-delta", "rm-t-alpha", "rm-t-Charlie", "rm-t-bravo", "rm-t-echo"];
    await load(database, "rm-tags", [
      ...tagged.map((name, i) => component(name, { owner: "rm-team" }, `  tags: [rmtag${i % 2 ? ", rmother" : ""}]\n`)),
      component("rm-t-untagged", { owner: "rm-team" }),
    ]);
    const names = async (input: Record<string, unknown>) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listEntities(database.db, entityQuerySchema.parse({ ...input, limit: 2, cursor }));
        seen.push(...page.items.map((e) => e.metadata.name));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return seen;
    };
    const byKey = [...tagged].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
    expect(await names({ tag: "rmtag" })).toEqual(byKey);
    expect(await names({ tag: "rmtag", sort: "-name" })).toEqual([...byKey].reverse());
    expect(await names({ tag: "rmtag,rmother" })).toEqual(["rm-t-alpha", "rm-t-bravo"]);
    expect(await names({ tag: "rmtag", kind: "group" })).toEqual([]);

    await load(database, "rm-tags", [
      component("rm-t-alpha", { owner: "rm-team" }, "  tags: [rmother]\n"),
      component("rm-t-zulu", { owner: "rm-team" }, "  tags: [rmtag]\n"),
    ]);
    expect(await names({ tag: "rmtag" })).toEqual(["rm-t-zulu"]);
    expect(await names({ tag: "rmother" })).toEqual(["rm-t-alpha"]);
    const [orphans] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from entity_tags t where not exists
            (select 1 from entities e where e.ref = t.ref and t.tag = any (e.tags) and t.name_key = e.name_key)`,
    );
    expect(orphans.n).toBe(0);
    // A tag named twice by one entity counts once, in the kept counts and in a filtered count alike.
    await load(database, "rm-tags-dup", [component("rm-t-dup", { owner: "rm-dup-team" }, "  tags: [rmdup, rmdup]\n")]);
    expect(await driftedFacets(database)).toEqual([]);
    const counts = async (filters: Record<string, unknown>) =>
      (await facetCounts(database.db, entityQuerySchema.parse(filters))).tag.find((t) => t.value === "rmdup")?.count;
    expect(await counts({})).toBe(1);
    expect(await counts({ kind: "component" })).toBe(1);
    expect(await counts({ owner: "rm-dup-team" })).toBe(1);
  });

  it("ranks a one-word search name, prefix, contains, tag, elsewhere — the same order however far the matches sit", async () => {
    // More names than firstByName walks first, so each of its ways is taken: "early" matches sit among
    // the first names, "late" ones only after that walk's end, and "dense" ones (more than it walks)
    // all past it, where the planner's estimate sends a longer walk.
    const filler = Array.from({ length: 520 }, (_, i) => component(`rm-s-${String(i).padStart(3, "0")}`, {}));
    const about = (word: string) => `  description: Handles ${word} traffic\n`;
    const dense = Array.from({ length: 600 }, (_, i) =>
      component(`rm-t-${String(i).padStart(3, "0")}`, {}, about(i % 3 ? "zzdense" : "zzdense and zzlate")),
    );
    await load(database, "rm-search", [
      ...filler,
      component("zzlate", {}),
      component("zzlate-api", {}),
      component("a-zzlate-proxy", {}),
      component("rm-s-900", {}, about("zzlate")),
      component("rm-s-901", {}, about("zzlate")),
      component("rm-s-902", {}, "  tags: [zzlate-queue]\n"),
      component("rm-s-903", {}, `  tags: [zzlateness]\n${about("zzlate")}`),
      component("rm-s-904", {}, "  tags: [edge-zzlate]\n"),
      component("rm-s-000-early", {}, about("zzearly")),
      component("rm-s-001-early", {}, about("zzearly")),
    ]);
    await load(database, "rm-search-dense", dense);
    // More tags starting with the word than firstTagged reads range by range.
    await load(database, "rm-search-many", [
      ...Array.from({ length: 25 }, (_, i) =>
        component(`rm-m-${String(i).padStart(2, "0")}`, {}, `  tags: [zzmany-${i}]\n`),
      ),
      component("rm-m-desc", {}, about("zzmany")),
    ]);
    await database.db.execute(sql`analyze entities`);
    const names = (qText: string, limit: number, filters: Record<string, string> = {}) =>
      searchedNames(database, qText, limit, filters);
    // Name equal, name prefix, name contains, a tag starting with the word, then any other word
    // (a description, a later word of a tag), each in name order.
    const late = ["zzlate", "zzlate-api", "a-zzlate-proxy", "rm-s-902", "rm-s-903", "rm-s-900", "rm-s-901", "rm-s-904"];
    const lateDense = dense.map((_, i) => `rm-t-${String(i).padStart(3, "0")}`).filter((_, i) => i % 3 === 0);
    for (const limit of [1, 2, 50]) expect(await names("zzlate", limit)).toEqual([...late, ...lateDense]);
    // With a filter the tag tier is read through the entities' own indexes: the same order.
    expect(await names("zzlate", 50, { kind: "component" })).toEqual([...late, ...lateDense]);
    expect(await names("zzearly", 1)).toEqual(["rm-s-000-early", "rm-s-001-early"]);
    // Past the tags firstTagged reads range by range, the tier is read like the others: the same order.
    expect(await names("zzmany", 50)).toEqual([
      ...Array.from({ length: 25 }, (_, i) => `rm-m-${String(i).padStart(2, "0")}`),
      "rm-m-desc",
    ]);
    // The same order as ranking every match (searchRank: what a page past the tiers' reach uses).
    for (const word of ["zzlate", "zzdense", "zzearly", "rm-s-90", "zzmany"]) {
      const ranked = await queryRows<{ name: string }>(
        database.db,
        sql`select name from entities where ${searchCondition(word)} order by ${searchRank(word)}, name_key, ref limit 60`,
      );
      expect(await names(word, 50).then((all) => all.slice(0, 60))).toEqual(ranked.map((r) => r.name));
    }
    expect((await names("zzdense", 50)).length).toBe(600);
    // A phrase whose words start no name and no tag: every match ranks alike, in name order.
    expect(await names("handles zzlate", 50)).toEqual(["rm-s-900", "rm-s-901", "rm-s-903", ...lateDense]);
  });

  it("ranks a phrase: the name, then a tag and the name, then elsewhere — the same order as ranking every match", async () => {
    const about = (text: string) => `  description: ${text}\n`;
    await load(database, "rm-phrase", [
      // Names starting with the first word and holding the second only inside a word: not matches,
      // and ahead of the first real one in the name range (the name tier reads past them).
      ...Array.from({ length: 4 }, (_, i) => component(`zzqa-yzzqb-${i}`, {})),
      component("zzqa-yzzqb-9", {}, about("zzqb")),
      component("zzqa-zzqb", {}),
      component("zzqa-x-zzqbx", {}),
      // In the name tier, and with a tag the tag tier reads: listed once.
      component("zzqa-zzqb-tagged", {}, "  tags: [zzqbtag]\n"),
      // Both words in the name, but not the first one first: elsewhere.
      component("zzqb-zzqa", {}),
      component("rm-p-zzqb-tagged", {}, "  tags: [zzqaish]\n"),
      component("a-zzqa-tagged", {}, "  tags: [zzqbtag, other]\n"),
      component("rm-p-zzqa-tagged", {}, "  tags: [zzqbtag]\n"),
      // A tag, but the name lacks the other word: elsewhere.
      component("b-tagged-no-name", {}, `  tags: [zzqatag]\n${about("zzqb")}`),
      ...Array.from({ length: 30 }, (_, i) =>
        component(`rm-p-${String(i).padStart(3, "0")}`, {}, about("Handles zzqa and zzqb")),
      ),
      `apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: zzqa-zzqb-api\nspec:\n  type: openapi\n  lifecycle: production\n  owner: rm-team\n  definition: x\n`,
      // More tags starting with a word than are read range by range: that tier is read another way.
      ...Array.from({ length: 22 }, (_, i) => component(`rm-q-zzqd-${i}`, {}, `  tags: [zzqc${i}]\n`)),
      component("zzqc-zzqd", {}),
      component("rm-q-other", {}, about("zzqc zzqd")),
      // Hundreds of names with the second word only inside a word, ahead of the one match: read in
      // growing batches, across their boundaries.
      ...Array.from({ length: 300 }, (_, i) => component(`zzqe-aqf-${String(i).padStart(3, "0")}`, {})),
      component("zzqe-zz-qf", {}),
    ]);
    await database.db.execute(sql`analyze entities`);
    const names = (qText: string, limit: number, filters: Record<string, string> = {}) =>
      searchedNames(database, qText, limit, filters);
    const named = ["zzqa-x-zzqbx", "zzqa-yzzqb-9", "zzqa-zzqb", "zzqa-zzqb-tagged"];
    const tagged = ["a-zzqa-tagged", "rm-p-zzqa-tagged", "rm-p-zzqb-tagged"];
    const elsewhere = [
      "b-tagged-no-name",
      ...Array.from({ length: 30 }, (_, i) => `rm-p-${String(i).padStart(3, "0")}`),
      "zzqb-zzqa",
    ];
    for (const limit of [1, 2, 50])
      expect(await names("zzqa zzqb", limit)).toEqual([
        ...named.slice(0, 3),
        "zzqa-zzqb-api",
        named[3],
        ...tagged,
        ...elsewhere,
      ]);
    expect(await names("zzqa zzqb", 2, { kind: "component" })).toEqual([...named, ...tagged, ...elsewhere]);
    // The same order as ranking every match (searchRank: what a page past the tiers' reach uses).
    for (const phrase of ["zzqa zzqb", "zzqb zzqa", "zzqc zzqd", "zzq zzqb", "zzqa  zzqb zzqbx"]) {
      const ranked = await queryRows<{ name: string }>(
        database.db,
        sql`select name from entities where ${searchCondition(phrase)} order by ${searchRank(phrase)}, name_key, ref`,
      );
      expect(ranked.length, phrase).toBeGreaterThan(0);
      for (const limit of [1, 50]) expect(await names(phrase, limit), phrase).toEqual(ranked.map((r) => r.name));
    }
    for (const limit of [1, 50]) expect(await names("zzqe qf", limit)).toEqual(["zzqe-zz-qf"]);
    const tagTier = await names("zzqc zzqd", 50);
    expect(tagTier[0]).toBe("zzqc-zzqd");
    expect(tagTier.slice(1, 23)).toEqual(
      Array.from({ length: 22 }, (_, i) => `rm-q-zzqd-${i}`).sort((a, b) => (a < b ? -1 : 1)),
    );
    expect(tagTier.at(-1)).toBe("rm-q-other");
  });
});
