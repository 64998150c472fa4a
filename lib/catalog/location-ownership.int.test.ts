import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { auditLog, entities, locations } from "@/db/schema";
import { testDatabases } from "@/db/testing";
import type { Actor } from "@/lib/access/permissions";
import { deleteCatalogLocation } from "./delete-location";
import { importDescriptors } from "./import-descriptors";
import { importEntities } from "./import-entities";
import { getCatalogLocation, listCatalogLocations } from "./location-queries";
import { GITHUB_SYNC_WRITER } from "./location-rules";
import { parseDescriptors } from "./parse-descriptors";
import { getEntity } from "./queries";
import { locationQuerySchema } from "./schemas";

const user = (login: string, role: "developer" | "admin" | "viewer" = "developer"): Actor => ({
  kind: "user",
  id: randomUUID(),
  login,
  name: login,
  role,
});
const SEED: Actor = { kind: "system", name: "seed", role: "admin" };

const component = (name: string, owner = "team-a") =>
  `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: ${name} }\nspec: { type: service, lifecycle: production, owner: ${owner} }\n`;
const file = (...names: string[]) => names.map((n) => component(n)).join("---\n");

describe.each(testDatabases())("catalog location ownership on $name", (target) => {
  let database: Database;
  const admin = user("boss", "admin");
  const dev = user("dev");
  const otherDev = user("mallory");
  const ciToken = {
    kind: "token",
    id: randomUUID(),
    name: "ci",
    role: "developer",
    scopes: ["catalog:read", "catalog:write"],
  } satisfies Actor;
  const api = (actor: Actor, id: string, text: string) =>
    importDescriptors(database.db, actor, { location: { id, type: "api", target: id }, text, source: id });
  const locationRow = async (id: string) => (await database.db.select().from(locations).where(eq(locations.id, id)))[0];
  const refsOf = async (id: string) =>
    (await database.db.select({ ref: entities.ref }).from(entities).where(eq(entities.locationId, id)))
      .map((r) => r.ref)
      .sort();

  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(async () => database?.close());

  it("a developer cannot replace (and so empty) a location the demo seed owns; the 403 names the owner and what to do", async () => {
    await importDescriptors(database.db, SEED, {
      location: { id: "demo:systems.yaml", type: "seed", target: "lib/demo/data/systems.yaml" },
      text: file("s1", "s2", "s3"),
      source: "systems.yaml",
    });
    expect(await locationRow("demo:systems.yaml")).toMatchObject({
      source: "seed",
      ownerKind: "system",
      ownerName: "seed",
      trusted: true,
    });

    const refused = await api(dev, "demo:systems.yaml", component("mine")).catch((e) => e);
    expect(refused).toMatchObject({
      code: "forbidden:catalog",
      details: [
        expect.objectContaining({ field: "location", source: "seed", owner: { kind: "system", name: "seed" } }),
      ],
    });
    expect(refused.message).toMatch(
      /demo:systems\.yaml was loaded by the demo seed \(owner: the system \(seed\)\); only an admin may replace it through the API\. Import under a location id of your own/,
    );
    expect(await refsOf("demo:systems.yaml")).toEqual([
      "component:default/s1",
      "component:default/s2",
      "component:default/s3",
    ]);
    await expect(api(ciToken, "demo:systems.yaml", component("mine"))).rejects.toMatchObject({
      code: "forbidden:catalog",
    });

    // An admin may, through the API; the location keeps its source and owner, and says who wrote it last.
    const replaced = await api(admin, "demo:systems.yaml", file("s1", "s2"));
    expect(replaced.removed).toEqual(["component:default/s3"]);
    expect(await locationRow("demo:systems.yaml")).toMatchObject({
      source: "seed",
      ownerName: "seed",
      type: "seed",
      trusted: true,
      lastImportedBy: "user:boss",
    });
  });

  it("only its owner or an admin replaces an API location; the owner is the user or the token that created it", async () => {
    await api(dev, "team-a/services", file("billing", "ledger"));
    expect(await locationRow("team-a/services")).toMatchObject({
      source: "api",
      ownerKind: "user",
      ownerId: dev.kind === "user" ? dev.id : "",
      ownerName: "dev",
      trusted: false,
      lastImportedBy: "user:dev",
    });

    const refused = await api(otherDev, "team-a/services", component("hijacked")).catch((e) => e);
    expect(refused.code).toBe("forbidden:catalog");
    expect(refused.message).toBe(
      "team-a/services belongs to user dev; only its owner or an admin may replace it (you are user:mallory). Import under a location id of your own, or ask an admin.",
    );
    await expect(api(ciToken, "team-a/services", component("hijacked"))).rejects.toMatchObject({
      code: "forbidden:catalog",
    });
    // Same login, different account (a re-created user): not the owner.
    await expect(api(user("dev"), "team-a/services", component("hijacked"))).rejects.toMatchObject({
      code: "forbidden:catalog",
    });
    expect(await refsOf("team-a/services")).toEqual(["component:default/billing", "component:default/ledger"]);

    expect((await api(dev, "team-a/services", file("billing"))).removed).toEqual(["component:default/ledger"]);
    await api(admin, "team-a/services", file("billing", "ledger"));
    expect(await locationRow("team-a/services")).toMatchObject({ ownerName: "dev", lastImportedBy: "user:boss" });

    await api(ciToken, "ci/pipeline", component("pipeline"));
    expect(await locationRow("ci/pipeline")).toMatchObject({
      ownerKind: "token",
      ownerId: ciToken.id,
      ownerName: "ci",
    });
    await expect(api(dev, "ci/pipeline", component("pipeline"))).rejects.toMatchObject({ code: "forbidden:catalog" });
    expect((await api(ciToken, "ci/pipeline", component("pipeline"))).counts.unchanged).toBe(1);
  });

  it("a GitHub location is written only by the sync, and the API cannot create ids the system's sources use", async () => {
    const docs = parseDescriptors(file("repo-service"), "catalog-info.yaml").documents;
    await database.db.transaction((tx) =>
      importEntities(
        tx,
        { id: "github:acme/repo", type: "github", target: "https://github.test/acme/repo" },
        docs,
        GITHUB_SYNC_WRITER,
      ),
    );
    expect(await locationRow("github:acme/repo")).toMatchObject({
      source: "github",
      ownerKind: "system",
      ownerName: "github-sync",
      trusted: false,
    });

    for (const actor of [admin, dev, SEED]) {
      const refused = await api(actor, "github:acme/repo", component("x")).catch((e) => e);
      expect(refused.code).toBe("forbidden:catalog");
      expect(refused.message).toMatch(
        /only the GitHub sync \(github-sync\) writes it; change the descriptor in the repository/,
      );
    }
    expect(await refsOf("github:acme/repo")).toEqual(["component:default/repo-service"]);
    for (const id of ["github:acme/new", "demo:new.yaml", "file:/etc/new.yaml"]) {
      await expect(api(admin, id, component("x"))).rejects.toMatchObject({
        code: "forbidden:catalog",
        message: expect.stringContaining("reserved"),
      });
    }
    expect(await locationRow("github:acme/new")).toBeUndefined();
  });

  it("only admins replace a location whose owner is unknown (rows from before owners were recorded)", async () => {
    await database.db.insert(locations).values({ id: "legacy", type: "api", target: "legacy" });
    await expect(api(dev, "legacy", component("legacy-service"))).rejects.toMatchObject({
      message: expect.stringContaining("created before owners were recorded; only an admin"),
    });
    await api(admin, "legacy", component("legacy-service"));
    expect(await locationRow("legacy")).toMatchObject({ ownerKind: null, trusted: true });
  });

  it("trust: admin and system writes are trusted, a developer's are not; an admin import that leaves a developer's entities in place keeps it untrusted", async () => {
    await api(dev, "mixed", file("one", "two"));
    expect((await locationRow("mixed")).trusted).toBe(false);
    // `two` fails validation, so the developer's version of it stays: not trusted yet.
    await api(admin, "mixed", [component("one"), component("two", "42")].join("---\n"));
    expect(await locationRow("mixed")).toMatchObject({ trusted: false, lastImportedBy: "user:boss" });
    await api(admin, "mixed", file("one", "two"));
    expect((await locationRow("mixed")).trusted).toBe(true);
    // Its owner may still replace it, and then it is not trusted any more.
    await api(dev, "mixed", file("one", "two", "three"));
    expect((await locationRow("mixed")).trusted).toBe(false);
    const entity = await getEntity(database.db, "component:default/three");
    expect(entity?.source).toMatchObject({
      location: "mixed",
      origin: "api",
      owner: { kind: "user", name: "dev" },
      trusted: false,
      lastImportedBy: "user:dev",
    });
  });

  it("an import holding a location makes a second one wait (409) until it finishes or its lease runs out", async () => {
    await api(dev, "held", component("held-one"));
    await database.db
      .update(locations)
      .set({ importId: "someone-else", importHeartbeatAt: new Date() })
      .where(eq(locations.id, "held"));
    await expect(api(dev, "held", component("held-two"))).rejects.toMatchObject({
      code: "conflict:catalog",
      message: expect.stringContaining("still writing"),
    });
    await expect(deleteCatalogLocation(database.db, dev, "held")).rejects.toMatchObject({ code: "conflict:catalog" });
    await database.db
      .update(locations)
      .set({ importHeartbeatAt: new Date(Date.now() - 10 * 60_000) })
      .where(eq(locations.id, "held"));
    expect((await api(dev, "held", component("held-two"))).counts.created).toBe(1);
    expect(await locationRow("held")).toMatchObject({ importId: null, importHeartbeatAt: null });
  });

  it("lists locations with owner, source, trust, counts and errors; deletes one for its owner or an admin", async () => {
    await api(dev, "listed", [component("listed-one"), component("listed-bad", "42")].join("---\n"));
    const page = await listCatalogLocations(
      database.db,
      user("v", "viewer"),
      locationQuerySchema.parse({ limit: "2" }),
    );
    expect(page.items).toHaveLength(2);
    const next = await listCatalogLocations(
      database.db,
      user("v", "viewer"),
      locationQuerySchema.parse({ limit: "2", cursor: page.nextCursor }),
    );
    expect(next.items[0].id > page.items[1].id).toBe(true);
    await expect(
      listCatalogLocations(database.db, user("v", "viewer"), locationQuerySchema.parse({ cursor: "garbage" })),
    ).rejects.toMatchObject({ code: "bad_request:cursor" });
    const all = await listCatalogLocations(
      database.db,
      user("v", "viewer"),
      locationQuerySchema.parse({ limit: "500" }),
    );
    expect(all.items.find((l) => l.id === "listed")).toMatchObject({
      source: "api",
      owner: { kind: "user", name: "dev" },
      trusted: false,
      entityCount: 1,
      lastImportedBy: "user:dev",
      isImporting: false,
      errorCount: 1,
      errors: [expect.objectContaining({ index: 1, field: "spec.owner" })],
    });
    const seeds = await listCatalogLocations(database.db, dev, locationQuerySchema.parse({ source: "seed" }));
    expect(seeds.items.map((l) => l.id)).toEqual(["demo:systems.yaml"]);

    await expect(deleteCatalogLocation(database.db, otherDev, "listed")).rejects.toMatchObject({
      code: "forbidden:catalog",
      message: expect.stringContaining("belongs to user dev"),
    });
    await expect(deleteCatalogLocation(database.db, dev, "demo:systems.yaml")).rejects.toMatchObject({
      code: "forbidden:catalog",
    });
    await expect(deleteCatalogLocation(database.db, admin, "github:acme/repo")).rejects.toMatchObject({
      message: expect.stringContaining("follows its GitHub repository"),
    });
    await expect(deleteCatalogLocation(database.db, user("v", "viewer"), "listed")).rejects.toMatchObject({
      code: "forbidden:auth",
    });
    await expect(deleteCatalogLocation(database.db, dev, "nope")).rejects.toMatchObject({ code: "not_found:catalog" });

    expect(await deleteCatalogLocation(database.db, dev, "listed")).toEqual({ id: "listed", removedEntities: 1 });
    expect(await getCatalogLocation(database.db, dev, "listed")).toBeNull();
    expect(await getEntity(database.db, "component:default/listed-one")).toBeNull();
    expect(await deleteCatalogLocation(database.db, admin, "team-a/services")).toEqual({
      id: "team-a/services",
      removedEntities: 2,
    });
    expect(
      (await database.db.select().from(auditLog).where(eq(auditLog.action, "catalog.location.delete"))).map((a) => [
        a.actor,
        a.target,
      ]),
    ).toEqual([
      ["user:dev", "listed"],
      ["user:boss", "team-a/services"],
    ]);
  });
  it("migration 0012 gives rows from before owners were recorded only the owner their id and type prove", async () => {
    const legacy = [
      { id: "demo:old.yaml", type: "seed" },
      { id: "demo:planted.yaml", type: "api" },
      { id: "github:acme/old-repo", type: "github" },
      { id: "github:acme/teams", type: "github-org" },
      { id: "github:acme/planted", type: "api" },
      { id: "file:/srv/catalog.yaml", type: "file" },
      { id: "someone/services", type: "api" },
    ];
    await database.db.insert(locations).values(legacy.map((l) => ({ ...l, target: l.id })));
    const backfill = fs.readFileSync(
      path.join(process.cwd(), "db/migrations/0017_location-ownership-backfill.sql"),
      "utf8",
    );
    for (const statement of backfill.split("--> statement-breakpoint")) await database.db.execute(sql.raw(statement));
    const rows = await database.db
      .select({
        id: locations.id,
        source: locations.source,
        ownerKind: locations.ownerKind,
        ownerName: locations.ownerName,
        trusted: locations.trusted,
      })
      .from(locations)
      .where(
        inArray(
          locations.id,
          legacy.map((l) => l.id),
        ),
      );
    expect(Object.fromEntries(rows.map(({ id, ...rest }) => [id, rest]))).toEqual({
      "demo:old.yaml": { source: "seed", ownerKind: "system", ownerName: "seed", trusted: true },
      "demo:planted.yaml": { source: "api", ownerKind: null, ownerName: null, trusted: false },
      "github:acme/old-repo": { source: "github", ownerKind: "system", ownerName: "github-sync", trusted: false },
      "github:acme/teams": { source: "github", ownerKind: "system", ownerName: "github-sync", trusted: true },
      "github:acme/planted": { source: "api", ownerKind: null, ownerName: null, trusted: false },
      "file:/srv/catalog.yaml": { source: "file", ownerKind: null, ownerName: null, trusted: false },
      "someone/services": { source: "api", ownerKind: null, ownerName: null, trusted: false },
    });
    // Rows with an owner are left alone.
    expect(await locationRow("ci/pipeline")).toMatchObject({ ownerKind: "token", ownerName: "ci" });
  });
});
