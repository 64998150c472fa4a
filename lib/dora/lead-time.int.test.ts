import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import type { Actor } from "@/lib/access/permissions";
import { importDescriptors } from "@/lib/catalog/import-descriptors";
import { upsertDeployment, upsertDeploymentStatus } from "@/lib/github/store-delivery";
import { serviceDora } from "./queries";

const admin: Actor = { kind: "system", name: "test", role: "admin" };
const CATALOG = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: shop
  annotations: { github.com/project-slug: acme/shop }
spec: { type: service, lifecycle: production, owner: team-a }
`;
const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
const commit = (sha: string, days: number) => ({
  sha,
  message: sha,
  author: null,
  authorLogin: null,
  date: ago(days),
  htmlUrl: null,
});

async function compared(db: Database["db"], base: string, head: string, commits: ReturnType<typeof commit>[]) {
  await db.execute(sql`insert into release_comparisons (repo, base, head, status, total_commits, commits, fetched_at)
    values ('acme/shop', ${base}, ${head}, 'ready', ${commits.length}, ${JSON.stringify(commits)}::jsonb, now())`);
}

async function deployed(db: Database["db"], id: number, ref: string, sha: string, daysAgo: number) {
  await upsertDeployment(db, "acme/shop", {
    id,
    sha,
    ref,
    environment: "production",
    created_at: ago(daysAgo),
    updated_at: ago(daysAgo),
  } as never);
  await upsertDeploymentStatus(db, id, { id: id * 10, state: "success", created_at: ago(daysAgo) } as never);
}

describe.each(testDatabases())("DORA lead time of GitHub deployments on $name", (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open();
    await importDescriptors(database.db, admin, {
      location: { id: "test", type: "api", target: "test" },
      text: CATALOG,
      source: "c.yaml",
    });
  });
  afterAll(async () => database?.close());

  it("leaves a GitHub deployment out until a compare of its release is stored, then takes the compare's oldest commit", async () => {
    await deployed(database.db, 501, "v2.0.0", "abc2000", 1);
    expect((await serviceDora(database.db, "component:default/shop", 30)).leadTimeSamples).toBe(0);

    // Two compares end at v2.0.0; the one from the nearer release (fewer commits) describes the change.
    await compared(database.db, "v0.9.0", "v2.0.0", [commit("old", 20), commit("mid", 4), commit("abc2000", 2)]);
    await compared(database.db, "v1.0.0", "v2.0.0", [commit("mid", 4), commit("abc2000", 2)]);
    // Matched by the deployed sha too, when the deployment names a branch rather than the tag.
    await deployed(database.db, 502, "main", "def3000", 0);
    await compared(database.db, "v2.0.0", "v3.0.0", [commit("x", 2), commit("def3000", 1)]);

    const figures = await serviceDora(database.db, "component:default/shop", 30);
    expect(figures.leadTimeSamples).toBe(2);
    // 4 − 1 = 3 days and 2 − 0 = 2 days → median 60 h.
    expect(figures.leadTimeHours).toBeCloseTo(60, 0);
  });
});
