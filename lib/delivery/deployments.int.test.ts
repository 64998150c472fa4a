import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Database } from "@/db/client";
import { auditLog, deployments } from "@/db/schema";
import { testDatabases } from "@/db/testing";
import type { Actor } from "@/lib/access/permissions";
import { importDescriptors } from "@/lib/catalog/import-descriptors";
import { AppError } from "@/lib/errors";
import { upsertDeployment, upsertDeploymentStatus, upsertRelease } from "@/lib/github/store-delivery";
import { environmentsOfService, listServiceEnvironments } from "./service-environments";
import { listDeployments } from "./queries";
import { recordDeployment } from "./record-deployment";
import { deploymentInput } from "./schemas";

const admin: Actor = { kind: "system", name: "test", role: "admin" };
const ci: Actor = {
  kind: "token",
  id: "t1",
  name: "ci",
  role: "developer",
  scopes: ["catalog:read", "deployments:write"],
};
const viewer: Actor = { kind: "token", id: "t2", name: "reader", role: "viewer", scopes: ["catalog:read"] };

const CATALOG = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments
  annotations: { github.com/project-slug: acme/payments-repo }
spec: { type: service, lifecycle: production, owner: team-a }
`;

/** What the route does: parse the body, then record it. */
const post = (db: Database["db"], actor: Actor, body: unknown) =>
  recordDeployment(db, actor, deploymentInput.parse(body));
const count = async (db: Database["db"]) =>
  (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from deployments`))[0].n;

describe.each(testDatabases())("deployments on $name", (target) => {
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

  const body = {
    id: "ci-1",
    service: "payments",
    environment: "production",
    ref: "v1.0.0",
    sha: "a1b2c3d4e5f6",
    status: "in_progress",
    url: "https://pay.example",
  };

  it("records a deployment once per caller id, updating it as the CI reports progress", async () => {
    const first = await post(database.db, ci, body);
    expect(first.created).toBe(true);
    expect(first.deployment).toMatchObject({
      service: "component:default/payments",
      environment: "production",
      status: "in_progress",
      finishedAt: null,
      deployedBy: "token:ci",
    });
    const again = await post(database.db, ci, body);
    expect(again.created).toBe(false);
    const done = await post(database.db, ci, { ...body, status: "success" });
    expect(done.deployment.status).toBe("success");
    expect(done.deployment.finishedAt).not.toBeNull();
    expect(await count(database.db)).toBe(1);
    const audits = await database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.target, `deployment:${first.deployment.id}`));
    expect(audits.map((a) => a.action).sort()).toEqual(["deployment.create", "deployment.update"]);
  });

  it("refuses bad bodies with the field at fault and writes nothing", async () => {
    const before = await count(database.db);
    const bad: [unknown, string][] = [
      [{ ...body, id: "x2", status: "shipped" }, "status"],
      [{ ...body, id: "x3", sha: "not-a-sha!" }, "sha"],
      [{ ...body, id: "x4", url: "javascript:alert(1)" }, "url"],
      [{ ...body, id: "x5", startedAt: "yesterday" }, "startedAt"],
      [{ ...body, id: "x6", unexpected: true }, ""],
      [{ id: "x7", service: "payments", environment: "production", status: "success" }, "ref"],
      [{ ...body, id: "" }, "id"],
      ["not an object", ""],
    ];
    for (const [input, field] of bad) {
      const result = deploymentInput.safeParse(input);
      expect(result.success, JSON.stringify(input)).toBe(false);
      if (field) expect(result.error!.issues.map((i) => i.path.join("."))).toContain(field);
    }
    await expect(post(database.db, ci, { ...body, id: "x8", service: "component:default/nope" })).rejects.toMatchObject(
      { code: "not_found:catalog" },
    );
    await expect(
      post(database.db, ci, { ...body, id: "x9", environment: "staging" }).then(() =>
        post(database.db, ci, { ...body, id: "x9", environment: "production" }),
      ),
    ).rejects.toMatchObject({
      code: "conflict:delivery",
    });
    await expect(post(database.db, viewer, { ...body, id: "x10" })).rejects.toBeInstanceOf(AppError);
    expect(await count(database.db)).toBe(before + 1); // only x9's first report
  });

  it("shows GitHub deployments beside API ones, mapped to the service by its repository", async () => {
    const at = (m: number) => new Date(Date.now() + (m + 1) * 60_000).toISOString(); // after the API reports above
    await upsertDeployment(database.db, "acme/payments-repo", {
      id: 901,
      sha: "ffff0000aaaa",
      ref: "v1.1.0",
      environment: "production",
      creator: { login: "octocat" } as never,
      created_at: at(0),
      updated_at: at(0),
    });
    await upsertDeploymentStatus(database.db, 901, { id: 9011, state: "in_progress", created_at: at(1) });
    await upsertDeploymentStatus(database.db, 901, {
      id: 9012,
      state: "success",
      environment_url: "https://gh.pay.example",
      created_at: at(2),
    });
    await upsertRelease(database.db, "acme/payments-repo", {
      id: 77,
      tag_name: "v1.1.0",
      draft: false,
      prerelease: false,
      created_at: at(0),
      published_at: at(0),
      body: "notes",
    });

    const list = await listDeployments(database.db, { service: "payments", environment: "production" });
    const github = list.items.find((d) => d.source === "github");
    expect(github).toMatchObject({
      service: "component:default/payments",
      status: "success",
      deployedBy: "octocat",
      url: "https://gh.pay.example",
      ref: "v1.1.0",
    });

    const envs = await listServiceEnvironments(database.db, "component:default/payments");
    const production = envs.find((e) => e.name === "production")!;
    expect(production.live).toMatchObject({ ref: "v1.1.0", tag: "v1.1.0", deployedBy: "octocat" });
    expect(production.url).toBe("https://gh.pay.example");
    expect(envs.map((e) => e.name)).toEqual(["production", "staging"]);
    await expect(environmentsOfService(database.db, "nope")).rejects.toMatchObject({ code: "not_found:catalog" });
  });

  it("pages newest first with a cursor", async () => {
    for (let i = 0; i < 5; i++)
      await post(database.db, ci, {
        ...body,
        id: `page-${i}`,
        environment: "qa",
        status: "success",
        startedAt: new Date(Date.UTC(2026, 0, 1, i)).toISOString(),
      });
    const first = await listDeployments(database.db, { service: "payments", environment: "qa", limit: 2 });
    expect(first.items.map((d) => d.externalId)).toEqual(["page-4", "page-3"]);
    const second = await listDeployments(database.db, {
      service: "payments",
      environment: "qa",
      limit: 2,
      cursor: first.nextCursor!,
    });
    expect(second.items.map((d) => d.externalId)).toEqual(["page-2", "page-1"]);
    const rows = await database.db.select().from(deployments).where(eq(deployments.environment, "qa"));
    expect(rows).toHaveLength(5);
  });
});
