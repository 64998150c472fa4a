import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { deployments } from "@/db/schema";
import { testDatabases } from "@/db/testing";
import type { Actor } from "@/lib/access/permissions";
import { listReleases } from "@/lib/delivery/releases";
import { recordDeployment } from "@/lib/delivery/record-deployment";
import { listServiceEnvironments } from "@/lib/delivery/service-environments";
import { runGithubSync } from "@/lib/github/run-sync";
import { startFakeGithub, type FakeGithub } from "@/lib/github/testing/fake-github-server";
import { fixtureOrg } from "@/lib/github/testing/fixture-org";
import { configFor } from "@/lib/github/testing/test-config";
import { listServiceBranches } from "@/lib/provisioning/list-branches";
import { importDescriptors } from "./import-descriptors";
import { repositoryOf } from "./repository-of";
import { requireService } from "./service-ref";

const system: Actor = { kind: "system", name: "test", role: "admin" };
const developer: Actor = {
  kind: "user",
  id: "00000000-0000-4000-8000-000000000001",
  login: "dev",
  name: null,
  role: "developer",
};
const REPO = "lighthouse-labs/beacon-api";

// The fixture's beacon-api repository carries a descriptor without the github.com/project-slug
// annotation, a release v1.2.0 and a GitHub deployment of it to production.
describe.each(testDatabases())("which GitHub repository a service is, on $name", (target) => {
  let database: Database;
  let fake: FakeGithub;

  beforeAll(async () => {
    database = await target.open();
    const org = fixtureOrg();
    org.repos[0].branches = ["main", "release/1.2"];
    fake = await startFakeGithub({ org });
    const [summary] = await runGithubSync(database.db, configFor(fake), "test", { retryAfterBaseValue: 10 });
    expect(summary.errors).toEqual([]);
    await importDescriptors(database.db, system, {
      location: { id: "repository-of-test", type: "api", target: "repository-of-test" },
      text: [
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: shouty, annotations: { github.com/project-slug: Lighthouse-Labs/Beacon-API } }\nspec: { type: service, lifecycle: production, owner: signals }",
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: elsewhere, annotations: { github.com/project-slug: acme/elsewhere } }\nspec: { type: service, lifecycle: production, owner: signals }",
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: garbled, annotations: { github.com/project-slug: not a repository } }\nspec: { type: service, lifecycle: production, owner: signals }",
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: loose }\nspec: { type: service, lifecycle: production, owner: signals }",
      ].join("\n---\n"),
      source: "repository-of-test.yaml",
    });
  });
  afterAll(async () => {
    await fake?.close();
    await database?.close();
  });

  it("is the annotation when it names owner/name (as GitHub spells it), else the repository that registered the entity", async () => {
    const db = database.db;
    expect(await repositoryOf(db, "component:default/beacon-api")).toBe(REPO);
    // Registered through a Location target in the same repository.
    expect(await repositoryOf(db, "component:default/beacon-relay")).toBe(REPO);
    expect(await repositoryOf(db, "component:default/shouty")).toBe(REPO);
    expect(await repositoryOf(db, "component:default/elsewhere")).toBe("acme/elsewhere");
    expect(await repositoryOf(db, "component:default/garbled")).toBeNull();
    expect(await repositoryOf(db, "component:default/loose")).toBeNull();
    expect(await repositoryOf(db, "component:default/ghost")).toBeNull();
    expect(await requireService(db, "beacon-api")).toEqual({ ref: "component:default/beacon-api", repository: REPO });
    await expect(requireService(db, "ghost")).rejects.toMatchObject({ code: "not_found:catalog" });
  });

  it("gives a service synced without the annotation its releases, its live-in badges and its branches", async () => {
    const db = database.db;
    // A CI reports the same release to staging through the API.
    const { deployment } = await recordDeployment(db, system, {
      id: "ci-1",
      service: "beacon-api",
      environment: "staging",
      ref: "v1.2.0",
      status: "success",
    });
    const [stored] = await db.select().from(deployments).where(eq(deployments.id, deployment.id));
    expect(stored.repo).toBe(REPO);

    const { items, repo } = await listReleases(db, { service: "beacon-api" });
    expect(repo).toBe(REPO);
    expect(items.map((r) => [r.tagName, r.liveIn.sort()])).toEqual([["v1.2.0", ["production", "staging"]]]);
    const environments = await listServiceEnvironments(db, "component:default/beacon-api");
    expect(environments.map((e) => [e.name, e.live?.tag])).toEqual([
      ["production", "v1.2.0"],
      ["staging", "v1.2.0"],
    ]);

    const env = { GITHUB_API_URL: fake.url, GITHUB_TOKEN: fake.token } as unknown as NodeJS.ProcessEnv;
    expect(await listServiceBranches(database, developer, "beacon-api", env)).toEqual({
      items: ["main", "release/1.2"],
      repo: REPO,
      source: "github",
    });
    expect(await listServiceBranches(database, developer, "loose", env)).toMatchObject({ items: [], source: "none" });
    await expect(listServiceBranches(database, developer, "ghost", env)).rejects.toMatchObject({
      code: "not_found:catalog",
    });
  });

  it("attributes a GitHub deployment to the service whose repository it came from", async () => {
    const [projected] = await database.db
      .select({ service: deployments.serviceRef })
      .from(deployments)
      .where(eq(deployments.externalId, "9001"));
    expect(projected.service).toBe("component:default/beacon-api");
  });
});
