import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import type { Actor } from "@/lib/access/permissions";
import { importDescriptors } from "@/lib/catalog/import-descriptors";
import { createGithubClient } from "@/lib/github/client";
import { upsertRelease } from "@/lib/github/store-delivery";
import { startFakeGithub, type FakeGithub } from "@/lib/github/testing/fake-github-server";
import { fixtureOrg } from "@/lib/github/testing/fixture-org";
import { configFor } from "@/lib/github/testing/test-config";
import { fetchComparison, getComparison, requestComparison } from "./compare-releases";
import { recordDeployment } from "./record-deployment";
import { listReleases } from "./releases";

const admin: Actor = { kind: "system", name: "test", role: "admin" };
const at = (day: number) => new Date(Date.UTC(2026, 3, day)).toISOString();

describe.each(testDatabases())("releases and compare on $name", (target) => {
  let database: Database;
  let fake: FakeGithub;
  let repo: string;

  beforeAll(async () => {
    const org = fixtureOrg();
    org.repos[0].commits = [
      { sha: "a".repeat(40), message: "Initial", author: "ada", date: at(1), tags: ["v1.0.0"] },
      { sha: "b".repeat(40), message: "Add refunds\n\nLong body", author: "grace", date: at(2) },
      { sha: "c".repeat(40), message: "Fix rounding", author: "linus", date: at(3), tags: ["v1.1.0"] },
    ];
    fake = await startFakeGithub({ org });
    repo = `${org.login}/${org.repos[0].name}`;
    database = await target.open();
    const catalog = `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: beacon\n  annotations: { github.com/project-slug: ${repo} }\nspec: { type: service, lifecycle: production, owner: signals }\n`;
    await importDescriptors(database.db, admin, {
      location: { id: "t", type: "api", target: "t" },
      text: catalog,
      source: "c.yaml",
    });
    await upsertRelease(database.db, repo, {
      id: 1,
      tag_name: "v1.0.0",
      draft: false,
      prerelease: false,
      created_at: at(1),
      published_at: at(1),
      body: "First",
    });
    await upsertRelease(database.db, repo, {
      id: 2,
      tag_name: "v1.1.0",
      draft: false,
      prerelease: false,
      created_at: at(3),
      published_at: at(3),
      body: "## Fixes\n<script>alert(1)</script>",
    });
    await upsertRelease(database.db, repo, {
      id: 3,
      tag_name: "v2.0.0-draft",
      draft: true,
      prerelease: false,
      created_at: at(4),
      published_at: null,
      body: "wip",
    });
  });
  afterAll(async () => {
    await fake?.close();
    await database?.close();
  });

  it("lists published releases newest first with where each is live; drafts are not history", async () => {
    await recordDeployment(database.db, admin, {
      id: "p1",
      service: "beacon",
      environment: "production",
      version: "v1.0.0",
      status: "success",
    });
    await recordDeployment(database.db, admin, {
      id: "s1",
      service: "beacon",
      environment: "staging",
      ref: "v1.1.0",
      status: "success",
    });
    const { items, nextCursor } = await listReleases(database.db, { service: "beacon", limit: 1 });
    expect(items.map((r) => [r.tagName, r.liveIn])).toEqual([["v1.1.0", ["staging"]]]);
    const next = await listReleases(database.db, { service: "beacon", limit: 1, cursor: nextCursor! });
    expect(next.items.map((r) => [r.tagName, r.liveIn])).toEqual([["v1.0.0", ["production"]]]);
    expect(next.nextCursor).toBeNull();
    await expect(listReleases(database.db, { service: "ghost" })).rejects.toMatchObject({ code: "not_found:catalog" });
  });

  it("requests a comparison through the queue once, and the job stores the commits from GitHub", async () => {
    const sent: unknown[] = [];
    const enqueue = async (name: string, payload: unknown) => (sent.push([name, payload]), "job-1");
    expect((await requestComparison(database.db, enqueue, repo, "v1.0.0", "v1.1.0")).status).toBe("pending");
    await requestComparison(database.db, enqueue, repo, "v1.0.0", "v1.1.0");
    expect(sent).toEqual([["release-compare", { repo, base: "v1.0.0", head: "v1.1.0" }]]);

    const client = await createGithubClient(configFor(fake), database.db, fake.org.login);
    const row = await fetchComparison(database.db, client.octokit, repo, "v1.0.0", "v1.1.0");
    expect(row).toMatchObject({ status: "ready", totalCommits: 2 });
    expect(row.commits.map((c) => [c.message.split("\n")[0], c.authorLogin])).toEqual([
      ["Add refunds", "grace"],
      ["Fix rounding", "linus"],
    ]);
    expect((await getComparison(database.db, repo, "v1.0.0", "v1.1.0"))?.status).toBe("ready");

    const missing = await fetchComparison(database.db, client.octokit, repo, "v1.0.0", "v9.9.9");
    expect(missing).toMatchObject({ status: "failed", error: expect.stringContaining("does not know") });
  });

  it("says why when GitHub is not configured", async () => {
    const row = await requestComparison(database.db, null, repo, "v1.1.0", "v1.0.0");
    expect(row).toMatchObject({ status: "failed", error: expect.stringContaining("not configured") });
  });
});
