// writeEntities' two upserts — bind parameters (the embedded database's) and one JSON parameter (a
// pool's) — tested on both databases whichever one an import would pick there.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { entities } from "@/db/schema";
import { testDatabases } from "@/db/testing";
import type { Actor } from "@/lib/access/permissions";
import { importIntoLocation } from "./testing";
import { parseDescriptors } from "./parse-descriptors";
import { planImport, preparePart, writeEntities } from "./import-steps";

const admin: Actor = { kind: "system", name: "test", role: "admin" };

const service = (name: string, extra = "") => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  title: The ${name} service
  tags: [payments, core]
spec:
  type: service
  lifecycle: production
  owner: team-a
  system: booking
${extra}`;

describe.each(testDatabases())("writeEntities on $name", (target) => {
  let database: Database;
  const importAs = (location: string, text: string) => importIntoLocation(database.db, admin, location, text);
  const rowOf = async (ref: string) => {
    const [row] = await database.db.select().from(entities).where(eq(entities.ref, ref));
    return row;
  };
  /** Plans `text` for `location`, then lets `meanwhile` run, then writes the plan in one part. */
  const planThenWrite = async (location: string, text: string, asJson: boolean, meanwhile = async () => {}) => {
    const plan = await planImport(database.db, location, parseDescriptors(text, `${location}.yaml`).documents);
    await meanwhile();
    await database.db.transaction((tx) =>
      writeEntities(tx, plan, preparePart(plan.toWrite, asJson), new Date(1_700_000_000_000)),
    );
    return plan;
  };

  beforeAll(async () => {
    database = await target.open();
    await importAs("loc-a", service("seed-a"));
    await importAs("loc-b", service("seed-b"));
  });
  afterAll(async () => database?.close());

  it("both upserts store the same row", async () => {
    const text = service("same", "  dependsOn: [component:seed-a]\n");
    const stored = [];
    for (const asJson of [false, true]) {
      await database.db.delete(entities).where(eq(entities.ref, "component:default/same"));
      const plan = await planThenWrite("loc-a", text, asJson);
      expect(plan.outcomes).toEqual([{ index: 0, ref: "component:default/same", status: "created" }]);
      // createdAt is the database's now(): the only column the write does not give.
      const { createdAt, ...row } = await rowOf("component:default/same");
      expect(createdAt).toBeInstanceOf(Date);
      stored.push(row);
    }
    expect(stored[0]).toBeDefined();
    expect(stored[1]).toEqual(stored[0]);
    expect(stored[1]).toMatchObject({ locationId: "loc-a", tags: ["payments", "core"], specType: "service" });
  });

  it.each([false, true])(
    "a ref another location took after the plan stays its own and is a conflict (asJson: %s)",
    async (asJson) => {
      const name = `raced-${asJson}`;
      const plan = await planThenWrite("loc-b", service(name), asJson, async () => {
        await importAs("loc-a", [service("seed-a"), service(name)].join("---\n"));
      });
      expect(plan.outcomes).toEqual([
        expect.objectContaining({
          ref: `component:default/${name}`,
          status: "conflict",
          errors: [expect.objectContaining({ message: expect.stringMatching(/already defined by location "loc-a"/) })],
        }),
      ]);
      expect(plan.keep.has(`component:default/${name}`)).toBe(false);
      expect((await rowOf(`component:default/${name}`)).locationId).toBe("loc-a");
    },
  );
});
