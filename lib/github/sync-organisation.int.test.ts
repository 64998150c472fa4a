import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import {
  entities,
  githubDeploymentStatuses,
  githubRepositories,
  githubDeployments,
  githubReleases,
  githubSyncRuns,
  githubWorkflowRuns,
  locations,
} from "@/db/schema";
import { runGithubSync } from "./run-sync";
import { startFakeGithub, type FakeGithub } from "./testing/fake-github-server";
import { fixtureOrg } from "./testing/fixture-org";
import { configFor } from "./testing/test-config";

const fast = { retryAfterBaseValue: 10 };

async function ownerOf(db: Database["db"], ref: string) {
  const [row] = await db
    .select({ owner: entities.ownerRef, body: entities.body })
    .from(entities)
    .where(eq(entities.ref, ref));
  return row;
}

describe.each(testDatabases())("GitHub discovery sync on $name", (target) => {
  let database: Database;
  let fake: FakeGithub;

  beforeAll(async () => {
    database = await target.open();
    fake = await startFakeGithub({ org: fixtureOrg() });
  });
  afterAll(async () => {
    await fake?.close();
    await database?.close();
  });

  it("imports descriptors, inferred components with their owners, teams and delivery history", async () => {
    const [summary] = await runGithubSync(database.db, configFor(fake), "test", fast);
    expect(summary.errors).toEqual([]);
    expect(summary.status).toBe("succeeded");
    expect(summary.repos).toBe(3); // the archived repo and the fork are skipped
    const db = database.db;
    expect((await ownerOf(db, "component:default/beacon-api")).owner).toBe("group:default/signals");
    expect(await ownerOf(db, "api:default/beacon-http")).toBeDefined(); // through the Location target
    // Through the glob target ./services/*/catalog-info.yaml, matched against the repository's files.
    expect((await ownerOf(db, "component:default/beacon-relay")).owner).toBe("group:default/signals");
    expect(await ownerOf(db, "component:default/beacon-store")).toBeDefined();
    expect(await ownerOf(db, "component:default/beacon-store-old")).toBeUndefined();
    const [beacon] = await db
      .select()
      .from(githubRepositories)
      .where(eq(githubRepositories.fullName, "lighthouse-labs/beacon-api"));
    expect(beacon.descriptorFiles).toEqual([
      "catalog-info.yaml",
      "docs/api.yaml",
      "services/beacon-relay/catalog-info.yaml",
      "services/beacon-store/catalog-info.yaml",
    ]);
    const tide = await ownerOf(db, "component:default/tide-worker");
    expect(tide.owner).toBe("group:default/harbour"); // CODEOWNERS
    expect((tide.body.spec as { owner: string }).owner).toBe("harbour");
    expect((tide.body.metadata as { annotations: Record<string, string> }).annotations).toMatchObject({
      "github.com/project-slug": "lighthouse-labs/tide-worker",
      "portolan.dev/inferred": "true",
    });
    expect((tide.body.metadata as { tags: string[] }).tags).toEqual(["batch", "go"]);
    expect((await ownerOf(db, "component:default/fog-horn")).owner).toBe("group:default/harbour"); // maintain team
    expect(await ownerOf(db, "component:default/old-lamp")).toBeUndefined();
    expect((await ownerOf(db, "group:default/signals")).body.spec).toMatchObject({ parent: "group:default/platform" });
    expect(await ownerOf(db, "user:default/grace")).toBeDefined();
    expect(await db.select().from(githubDeployments)).toHaveLength(1);
    expect((await db.select().from(githubDeploymentStatuses)).map((s) => s.state).sort()).toEqual([
      "in_progress",
      "success",
    ]);
    expect(await db.select().from(githubReleases)).toHaveLength(1);
    expect(await db.select().from(githubWorkflowRuns)).toHaveLength(1);
  });

  it("re-syncs an unchanged organisation with conditional requests answered 304", async () => {
    const before = fake.rateLimit.remaining;
    const [summary] = await runGithubSync(database.db, configFor(fake), "test", fast);
    expect(summary.status).toBe("succeeded");
    expect(summary.calls).toBeGreaterThan(5);
    expect(summary.notModified).toBe(summary.calls);
    expect(fake.rateLimit.remaining).toBe(before);
    const [run] = await database.db.select().from(githubSyncRuns).where(eq(githubSyncRuns.id, summary.runId));
    expect(run).toMatchObject({
      status: "succeeded",
      calls: summary.calls,
      notModified: summary.calls,
      rateLimitRemaining: before,
    });
  });

  it("keeps the other repositories when one descriptor breaks, and says which file, document and field", async () => {
    fake.pushFile(
      "beacon-api",
      "docs/api.yaml",
      "apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: beacon-http\nspec:\n  type: openapi\n  lifecycle: production\n  owner: 42\n  definition: x\n",
    );
    fake.pushFile("tide-worker", ".github/CODEOWNERS", "* @lighthouse-labs/signals\n");
    const [summary] = await runGithubSync(database.db, configFor(fake), "test", fast);
    expect(summary.status).toBe("partial");
    expect(summary.errors).toContainEqual(
      expect.objectContaining({
        repo: "lighthouse-labs/beacon-api",
        file: "docs/api.yaml",
        document: 0,
        field: "spec.owner",
      }),
    );
    expect((await ownerOf(database.db, "component:default/tide-worker")).owner).toBe("group:default/signals");
    expect(await ownerOf(database.db, "api:default/beacon-http")).toBeDefined(); // the last good version stays
    const [location] = await database.db
      .select()
      .from(locations)
      .where(eq(locations.id, "github:lighthouse-labs/beacon-api"));
    expect(location.lastErrors[0]).toMatchObject({ field: "spec.owner" });
  });

  it("recovers from a secondary rate limit by waiting retry-after", async () => {
    fake.failWithSecondaryRateLimit(2, 1);
    const [summary] = await runGithubSync(database.db, configFor(fake), "test", fast);
    expect(summary.status).not.toBe("failed");
    expect(fake.log.filter((r) => r.status === 403).length).toBeGreaterThanOrEqual(2);
    expect(await ownerOf(database.db, "component:default/beacon-api")).toBeDefined();
  });

  it("stops spending requests once the primary rate limit is exhausted, and deletes nothing", async () => {
    fake.rateLimit.remaining = 0;
    const served = fake.log.length;
    const [summary] = await runGithubSync(database.db, configFor(fake), "test", fast);
    expect(summary.status).not.toBe("succeeded");
    expect(summary.errors.some((e) => /rate limit/i.test(e.message))).toBe(true);
    expect(fake.log.slice(served).filter((r) => r.status === 403).length).toBeLessThanOrEqual(1);
    expect(await ownerOf(database.db, "component:default/fog-horn")).toBeDefined();
    fake.rateLimit.remaining = 5000;
  });

  it("removes a deleted repository after a successful sync, and nothing when the sync fails", async () => {
    fake.org.repos = fake.org.repos.filter((r) => r.name !== "fog-horn");
    const badToken = { ...configFor(fake), auth: { mode: "token" as const, token: "wrong" } };
    const [failed] = await runGithubSync(database.db, badToken, "test", fast);
    expect(failed.status).toBe("failed");
    expect(failed.errors.at(-1)?.message).toMatch(/401.*Bad credentials/);
    expect(await ownerOf(database.db, "component:default/fog-horn")).toBeDefined();

    const [summary] = await runGithubSync(database.db, configFor(fake), "test", fast);
    expect(summary.removed).toBe(1);
    expect(await ownerOf(database.db, "component:default/fog-horn")).toBeUndefined();
  });

  it("authenticates as a GitHub App installation found for the organisation", async () => {
    const { privateKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      privateKeyEncoding: { type: "pkcs1", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    const config = configFor(fake, {
      GITHUB_TOKEN: "",
      GITHUB_APP_ID: "1",
      GITHUB_APP_PRIVATE_KEY: privateKey.replace(/\n/g, "\\n"),
    });
    expect(config.auth.mode).toBe("app");
    const [summary] = await runGithubSync(database.db, config, "test", fast);
    expect(summary.status).not.toBe("failed");
    expect(fake.log.some((r) => r.method === "POST" && r.path.includes("/access_tokens"))).toBe(true);
  });

  it("works against a GitHub Enterprise Server base URL (/api/v3)", async () => {
    const ghes = await startFakeGithub({ org: fixtureOrg(), pathPrefix: "/api/v3" });
    try {
      const other = await target.open();
      try {
        const [summary] = await runGithubSync(other.db, configFor(ghes), "test", fast);
        expect(summary.status).toBe("succeeded");
        expect(ghes.url).toMatch(/\/api\/v3$/);
      } finally {
        await other.close();
      }
    } finally {
      await ghes.close();
    }
  });
});
