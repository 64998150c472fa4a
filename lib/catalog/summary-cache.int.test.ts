import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import type { Actor } from "@/lib/access/permissions";
import { importDescriptors } from "./import-descriptors";
import { importEntities } from "./import-entities";
import { parseDescriptors } from "./parse-descriptors";
import { countEntities } from "./queries";
import { entityQuerySchema } from "./schemas";
import { cachedSummary } from "./summary-cache";

const admin: Actor = { kind: "system", name: "test", role: "admin" };
const component = (name: string) =>
  `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: ${name} }\nspec: { type: service, lifecycle: production, owner: team-a }\n`;

describe.each(testDatabases())("cached catalog summaries on $name", (target) => {
  let database: Database;
  let reads = 0;
  const all = entityQuerySchema.parse({});
  const count = () =>
    cachedSummary(database.db, "count", () => {
      reads++;
      return countEntities(database.db, all);
    });

  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(async () => database?.close());

  it("reads once while the catalog is unchanged, and again after any import, however it was written", async () => {
    await importDescriptors(database.db, admin, {
      location: { id: "a", type: "api", target: "a" },
      text: component("one"),
      source: "a.yaml",
    });
    expect(await count()).toBe(1);
    expect(await count()).toBe(1);
    expect(reads).toBe(1);

    await importDescriptors(database.db, admin, {
      location: { id: "b", type: "api", target: "b" },
      text: component("two"),
      source: "b.yaml",
    });
    expect(await count()).toBe(2);

    // The GitHub sync's way: one transaction, no notice to this process's caches.
    const { documents } = parseDescriptors(component("three"), "c.yaml");
    await database.db.transaction((tx) =>
      importEntities(tx, { id: "c", type: "github", target: "c" }, documents, { actor: admin, source: "github" }),
    );
    expect(await count()).toBe(3);
    expect(reads).toBe(3);
  });
});
