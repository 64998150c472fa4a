import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { entities, locations, relations, auditLog } from "@/db/schema";
import { testDatabases } from "@/db/testing";
import type { Actor } from "@/lib/access/permissions";
import { AppError } from "@/lib/errors";
import { importDescriptors } from "./import-descriptors";
import { importEntities } from "./import-entities";
import { getEntity } from "./queries";
import { syntheticCatalog } from "@/scripts/bench/synthetic-catalog";

const admin: Actor = { kind: "system", name: "test", role: "admin" };
const viewer: Actor = { kind: "token", id: "t", name: "reader", role: "viewer", scopes: ["catalog:read"] };

const TEAM = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-a }
spec: { type: team, children: [] }
`;
const service = (name: string, extra = "") => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  description: The ${name} service
spec:
  type: service
  lifecycle: production
  owner: team-a
${extra}`;

describe.each(testDatabases())("importDescriptors on $name", (target) => {
  let database: Database;
  const importAs = (actor: Actor, location: string, text: string, transactionMs?: number) =>
    importDescriptors(
      database.db,
      actor,
      { location: { id: location, type: "api", target: location }, text, source: `${location}.yaml` },
      { transactionMs },
    );

  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(async () => database?.close());

  it("imports the valid documents of a file and reports the invalid one by index and field", async () => {
    const text = [
      TEAM,
      service("billing", "  dependsOn: [component:ledger]\n"),
      service("bad", "").replace("owner: team-a", "owner: 42"),
      service("ledger"),
    ].join("---\n");
    const result = await importAs(admin, "repo-a", text);
    expect(result.counts).toMatchObject({ created: 3, invalid: 1 });
    const invalid = result.documents.find((d) => d.status === "invalid");
    expect(invalid).toMatchObject({ index: 2 });
    expect("errors" in invalid! && invalid.errors[0].field).toBe("spec.owner");

    const billing = await getEntity(database.db, "component:default/billing");
    expect(billing?.relations).toEqual(
      expect.arrayContaining([
        { type: "ownedBy", targetRef: "group:default/team-a" },
        { type: "dependsOn", targetRef: "component:default/ledger" },
      ]),
    );
    const ledger = await getEntity(database.db, "Component:default/ledger");
    expect(ledger?.relations).toContainEqual({ type: "dependencyOf", targetRef: "component:default/billing" });
    const team = await getEntity(database.db, "group:default/team-a");
    expect(team?.relations).toEqual(
      expect.arrayContaining([
        { type: "ownerOf", targetRef: "component:default/billing" },
        { type: "ownerOf", targetRef: "component:default/ledger" },
      ]),
    );
    expect(team?.source).toMatchObject({ location: "repo-a", type: "api" });
  });

  it("re-import leaves unchanged entities alone and removes vanished ones with their relations", async () => {
    const [before] = await database.db.select().from(entities).where(eq(entities.ref, "component:default/ledger"));
    const text = [TEAM, service("ledger")].join("---\n");
    const result = await importAs(admin, "repo-a", text);
    expect(result.counts).toMatchObject({ created: 0, updated: 0, unchanged: 2, removed: 1 });
    expect(result.removed).toEqual(["component:default/billing"]);
    const [after] = await database.db.select().from(entities).where(eq(entities.ref, "component:default/ledger"));
    expect(after.updatedAt.getTime()).toBe(before.updatedAt.getTime());
    expect(after.lastSeenAt.getTime()).toBeGreaterThanOrEqual(before.lastSeenAt.getTime());
    const orphans = await database.db
      .select()
      .from(relations)
      .where(eq(relations.originRef, "component:default/billing"));
    expect(orphans).toEqual([]);
    const ledger = await getEntity(database.db, "component:default/ledger");
    expect(ledger?.relations).not.toContainEqual({ type: "dependencyOf", targetRef: "component:default/billing" });
  });

  it("a changed entity is rewritten and its relations replaced", async () => {
    const text = [TEAM, service("ledger").replace("owner: team-a", "owner: group:default/team-b")].join("---\n");
    const result = await importAs(admin, "repo-a", text);
    expect(result.counts).toMatchObject({ updated: 1, unchanged: 1 });
    const ledger = await getEntity(database.db, "component:default/ledger");
    expect(ledger?.relations).toEqual([{ type: "ownedBy", targetRef: "group:default/team-b" }]);
  });

  it("a ref claimed by a second location is a conflict; the first keeps it", async () => {
    const result = await importAs(admin, "repo-b", [service("ledger"), service("payroll")].join("---\n"));
    const conflict = result.documents.find((d) => d.status === "conflict");
    expect(conflict && "errors" in conflict && conflict.errors[0].message).toMatch(
      /already defined by location "repo-a"/,
    );
    const [row] = await database.db.select().from(entities).where(eq(entities.ref, "component:default/ledger"));
    expect(row.locationId).toBe("repo-a");
    expect(await getEntity(database.db, "component:default/payroll")).not.toBeNull();
  });

  it("a file with no valid document writes nothing and says why", async () => {
    await expect(importAs(admin, "repo-c", "kind: Component\nmetadata: {}\n")).rejects.toMatchObject({
      code: "unprocessable:catalog",
    });
    expect(await database.db.select().from(locations).where(eq(locations.id, "repo-c"))).toEqual([]);
  });

  it("reads a file in slices without changing the outcome: invalid documents before the first valid one, a duplicate in a later slice", async () => {
    const broken = Array.from({ length: 150 }, () => "kind: Component\nmetadata: {}\n");
    await expect(importAs(admin, "slices", broken.join("---\n"))).rejects.toMatchObject({
      code: "unprocessable:catalog",
    });
    expect(await database.db.select().from(locations).where(eq(locations.id, "slices"))).toEqual([]);

    const names = Array.from({ length: 230 }, (_, i) => `sliced-${i}`);
    const text = [...broken, ...names.map((name) => service(name)), service("sliced-3")].join("---\n");
    const result = await importAs(admin, "slices", text);
    expect(result.counts).toMatchObject({ created: 230, invalid: 151 });
    expect(result.documents.map((d) => d.index)).toEqual(Array.from({ length: 381 }, (_, i) => i));
    expect(result.documents[380]).toMatchObject({ status: "conflict", ref: "component:default/sliced-3" });
    const [{ held }] = await database.db
      .select({ held: locations.entityCount })
      .from(locations)
      .where(eq(locations.id, "slices"));
    expect(held).toBe(230);
  });

  it("a syntax error in one document keeps the location's other entities", async () => {
    const text = [TEAM, "kind: [unclosed\n"].join("---\n");
    const result = await importAs(admin, "repo-a", text);
    expect(result.counts.invalid).toBe(1);
    expect(result.removed).toEqual([]);
    expect(await getEntity(database.db, "component:default/ledger")).not.toBeNull();
  });

  it("refuses a viewer, and audits imports", async () => {
    await expect(importAs(viewer, "repo-d", TEAM)).rejects.toBeInstanceOf(AppError);
    expect(await database.db.select().from(locations).where(eq(locations.id, "repo-d"))).toEqual([]);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.target, "repo-a"));
    expect(audit.length).toBeGreaterThan(0);
    expect(audit[0]).toMatchObject({ actor: "system:test", action: "catalog.import" });
  });
  it("a NUL character or an unpaired surrogate is a per-document error with its field, never a database error", async () => {
    const nul = service("nul-service").replace("description: The nul-service service", 'description: "bad \\0 byte"');
    const surrogate = service("surrogate-service").replace(
      "description: The surrogate-service service",
      'description: "\\ud800"',
    );
    const result = await importAs(admin, "hostile", [service("hostile-ok"), nul, surrogate].join("---\n"));
    expect(result.documents.slice(1)).toEqual([
      {
        index: 1,
        ref: "component:default/nul-service",
        status: "invalid",
        errors: [{ field: "metadata.description", message: expect.stringContaining("NUL") }],
      },
      {
        index: 2,
        ref: "component:default/surrogate-service",
        status: "invalid",
        errors: [{ field: "metadata.description", message: expect.stringContaining("surrogate") }],
      },
    ]);
    const [location] = await database.db.select().from(locations).where(eq(locations.id, "hostile"));
    expect(location.lastErrors.map((e) => e.field)).toEqual(["metadata.description", "metadata.description"]);
    await expect(importAs(admin, "hostile-only", nul)).rejects.toMatchObject({ code: "unprocessable:catalog" });

    // Documents built elsewhere (the GitHub sync builds some) meet the same check before the database.
    const entity = {
      apiVersion: "backstage.io/v1alpha1",
      kind: "Group",
      metadata: { name: "synced", description: "a\u0000b" },
      spec: { type: "team", children: [] },
    };
    const direct = await database.db.transaction((tx) =>
      importEntities(
        tx,
        { id: "direct", type: "api", target: "direct" },
        [{ ok: true, index: 0, entity, ref: "group:default/synced", relations: [] }],
        { actor: admin, source: "api" },
      ),
    );
    expect(direct.documents[0]).toMatchObject({ status: "invalid", errors: [{ field: "metadata.description" }] });
  });

  it("writes a big import in several transactions, so other queries are answered in between; vanished entities go last", async () => {
    const names = Array.from({ length: 1500 }, (_, i) => `bulk-${i}`);
    const countBulk = async () =>
      (await database.db.select({ n: count() }).from(entities).where(eq(entities.locationId, "bulk")))[0].n;
    let isFinished = false;
    // Transactions of 1 ms: one per slice, however fast this machine parses and writes (the default
    // ~250 ms may hold a whole 1,500-document file on a fast one).
    const importing = importAs(admin, "bulk", names.map((n) => service(n)).join("---\n"), 1).finally(
      () => (isFinished = true),
    );
    const seen: number[] = [];
    while (!isFinished) {
      const n = await countBulk();
      if (!isFinished) seen.push(n);
      // The embedded database answers through promises alone: give the import's turn back, as a
      // request arriving over the network would.
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect((await importing).counts.created).toBe(1500);
    // One transaction would show 0 until it committed, then 1500: never a part.
    expect(seen.some((n) => n > 0 && n < 1500)).toBe(true);

    const again = await importAs(
      admin,
      "bulk",
      names
        .slice(0, 1000)
        .map((n) => service(n))
        .join("---\n"),
    );
    expect(again.counts).toMatchObject({ unchanged: 1000, removed: 500 });
    expect(await countBulk()).toBe(1000);
    const [location] = await database.db.select().from(locations).where(eq(locations.id, "bulk"));
    expect(location).toMatchObject({ entityCount: 1000, importId: null });
    // Two imports of 1,500 documents with a reader beside them: minutes on a busy 2-core machine.
  }, 300_000);
});

describe.each(testDatabases({ max: 2 }))("importDescriptors beyond the pool on $name", (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(async () => database?.close());

  it("more imports at once than the pool has connections all land", async () => {
    // Each import's transaction waits for the catalog writers' lock while holding a connection: the
    // one holding the lock must need no other connection to finish (one that did waited on a pool
    // the waiting imports held, until their lock waits timed out).
    const files = syntheticCatalog(1_200, 200);
    const results = await Promise.all(
      files.map((file) =>
        importDescriptors(database.db, admin, {
          location: { id: file.location, type: "api", target: file.location },
          text: file.text,
          source: `${file.location}.yaml`,
        }),
      ),
    );
    expect(results.reduce((sum, r) => sum + r.counts.created, 0)).toBe(1_200);
  }, 120_000);
});
