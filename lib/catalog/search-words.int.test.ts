import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import type { Actor } from "@/lib/access/permissions";
import { filterConditions } from "./entity-filters";
import { countEntities, facetCounts, listEntities } from "./queries";
import { entityQuerySchema } from "./schemas";
import { pruneSearchWords, tsqueryLexeme, withSearchWords, WORDS_PER_PREFIX_MAX } from "./search-words";
import { importIntoLocation } from "./testing";
import { entities } from "@/db/schema";

const admin: Actor = { kind: "system", name: "test", role: "admin" };

const component = (name: string, description: string, tags: string[] = []) =>
  `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\n  description: ${JSON.stringify(description)}\n  tags: [${tags.join(", ")}]\nspec: { type: service, lifecycle: production, owner: team-a }\n`;

const CATALOG = [
  component("payment-service", "Takes payments for the checkout flow", ["kafka"]),
  component("payments-worker", "Settles card payments nightly"),
  component("refund-api", "Refunds a payment in 2 regions", ["kafka", "pci"]),
  component("ledger", "Double-entry book of every payment-service charge, 2fa and 3 times a day"),
  ...Array.from({ length: WORDS_PER_PREFIX_MAX + 3 }, (_, i) => component(`zeta-${i}`, `zeta${i} batch`)),
].join("---\n");

const SEARCHES = [
  "pay",
  "paym nightly",
  "zeta3 batch",
  "3",
  "2",
  "zeta 3",
  "2fa",
  "2f tim",
  "payment serv",
  "kafka pay",
  "paym check",
  "zeta",
  "zeta batch",
  "set card",
  "nomatch",
  "pci",
  // No catalog word starts with these: names containing them still match, phrases do not.
  "ymen",
  "efund",
  "ymen nightly",
];

describe.each(testDatabases())("search words on $name", (target) => {
  let database: Database;
  const words = async () =>
    (await queryRows<{ word: string }>(database.db, sql`select word from search_words order by word`)).map(
      (r) => r.word,
    );

  beforeAll(async () => {
    database = await target.open();
    await importIntoLocation(database.db, admin, "payments", CATALOG);
  });
  afterAll(async () => database?.close());

  it("keeps every word of the catalog's search vectors, hyphenated words by their parts", async () => {
    const kept = await words();
    expect(kept).toEqual(expect.arrayContaining(["payment", "payments", "service", "kafka", "nightly", "zeta34"]));
    expect(kept).not.toContain("payment-service");
    expect(kept.filter((w) => /^[0-9]+$/.test(w))).toEqual([]);
  });

  it("matches each search word as the catalog words starting with it, or as a prefix past the limit", async () => {
    const filters = await withSearchWords(database.db, entityQuerySchema.parse({ q: "Paym zeta" }));
    expect(filters.words).toBe("('payment' | 'payments') & 'zeta':*");
    expect((await withSearchWords(database.db, entityQuerySchema.parse({}))).words).toBeUndefined();
  });

  it("finds the same entities with the words looked up as with prefixes", async () => {
    for (const q of SEARCHES) {
      const query = entityQuerySchema.parse({ q, limit: 200 });
      const byPrefix = await database.db
        .select({ ref: entities.ref })
        .from(entities)
        .where(filterConditions(query))
        .orderBy(entities.ref);
      const listed = (await listEntities(database.db, query)).items.map((e) => e.ref).sort();
      expect(listed, q).toEqual(byPrefix.map((r) => r.ref));
      expect(await countEntities(database.db, query), q).toBe(byPrefix.length);
      const kinds = (await facetCounts(database.db, query)).kind;
      expect(
        kinds.reduce((sum, k) => sum + k.count, 0),
        q,
      ).toBe(byPrefix.length);
    }
  });

  it("matches a word that starts no catalog word in the names that contain it, without the index", async () => {
    const query = await withSearchWords(database.db, entityQuerySchema.parse({ q: "ymen" }));
    expect(query.words).toBeNull();
    const found = await listEntities(database.db, entityQuerySchema.parse({ q: "ymen" }));
    expect(found.items.map((e) => e.metadata.name)).toEqual(["payment-service", "payments-worker"]);
    expect((await listEntities(database.db, entityQuerySchema.parse({ q: "ymen nightly" }))).items).toEqual([]);
  });

  it("learns the words an update brings", async () => {
    await importIntoLocation(
      database.db,
      admin,
      "payments",
      CATALOG.replace("Settles card payments nightly", "Settles card payments quarterly"),
    );
    expect(await words()).toContain("quarterly");
    const found = await listEntities(database.db, entityQuerySchema.parse({ q: "quarter settl" }));
    expect(found.items.map((e) => e.metadata.name)).toEqual(["payments-worker"]);
  });

  it("forgets the words no entity holds any more, and only those", async () => {
    // The update above took "nightly" out of the catalog; nothing ever held these.
    await database.db.execute(
      sql`insert into search_words (word) values ('o''neil'), ('c:\\dir'), ('a & !b | c:*') on conflict do nothing`,
    );
    await importIntoLocation(
      database.db,
      admin,
      "hosts",
      component("docs-site", "Served from docs.example.com out of /srv/www/index.html"),
    );
    const held = await words();
    expect(held).toEqual(expect.arrayContaining(["nightly", "o'neil", "docs.example.com", "/srv/www/index.html"]));
    expect(await pruneSearchWords(database.db)).toBe(4);
    const kept = await words();
    for (const gone of ["nightly", "o'neil", "c:\\dir", "a & !b | c:*"]) expect(kept).not.toContain(gone);
    expect(kept).toEqual(
      expect.arrayContaining(["quarterly", "payments", "zeta34", "docs.example.com", "/srv/www/index.html"]),
    );
    expect(kept).toHaveLength(held.length - 4);
    expect(await pruneSearchWords(database.db)).toBe(0);
  });

  // One connection cannot hold a transaction open beside the prune: real Postgres only.
  it.runIf(target.name === "postgres")(
    "keeps a word that an import in flight writes while the prune runs",
    async () => {
      await importIntoLocation(database.db, admin, "prune-race", component("prune-race", "holds quuxword"));
      await importIntoLocation(database.db, admin, "prune-race", component("prune-race", "holds nothing"));
      expect(await words()).toContain("quuxword");
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      let wrote = () => {};
      const written = new Promise<void>((resolve) => (wrote = resolve));
      // The word is in search_words, unheld: this writer's trigger finds it there and inserts nothing.
      const writer = database.db.transaction(async (tx) => {
        await tx.execute(
          sql`update ${entities} set description = 'holds quuxword again' where ref = 'component:default/prune-race'`,
        );
        wrote();
        await held;
      });
      await written;
      let pruned = false;
      const prune = pruneSearchWords(database.db).then((n) => ((pruned = true), n));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(pruned).toBe(false);
      release();
      await writer;
      await prune;
      expect(await words()).toContain("quuxword");
      await importIntoLocation(database.db, admin, "prune-race", "");
      await pruneSearchWords(database.db);
      expect(await words()).not.toContain("quuxword");
    },
  );

  it("quotes lexemes the parser makes of paths and quotes so that they match themselves", async () => {
    for (const word of ["o'neil", "c:\\dir\\file", "a & !b | c:*", "api.example.com"]) {
      const [row] = await queryRows<{ matches: boolean }>(
        database.db,
        sql`select array_to_tsvector(array[${word}]::text[]) @@ ${`(${tsqueryLexeme(word)})`}::tsquery as matches`,
      );
      expect(row.matches, word).toBe(true);
    }
  });
});
