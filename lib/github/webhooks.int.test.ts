import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { entities, githubDeploymentStatuses, githubReleases, githubWebhookDeliveries } from "@/db/schema";
import { deployedEnvironment, processWebhookDelivery } from "./process-webhook";
import { runGithubSync } from "./run-sync";
import { receiveWebhook } from "./webhooks";
import { signWebhook, startFakeGithub, type FakeGithub } from "./testing/fake-github-server";
import { fixtureOrg } from "./testing/fixture-org";
import { configFor } from "./testing/test-config";
import type { Enqueue } from "@/lib/jobs/define-job";

function request(event: string, delivery: string, payload: unknown, signature?: string) {
  const body = JSON.stringify(payload);
  const headers = new Headers({
    "x-github-event": event,
    "x-github-delivery": delivery,
    "content-type": "application/json",
  });
  headers.set("x-hub-signature-256", signature ?? signWebhook("s3cret", body));
  return { headers, body };
}

describe.each(testDatabases())("GitHub webhooks on $name", (target) => {
  let database: Database;
  let fake: FakeGithub;
  const queued: string[] = [];
  const enqueue: Enqueue = async (_name, payload) => {
    queued.push((payload as { deliveryId: string }).deliveryId);
    return null;
  };
  const org = { login: "lighthouse-labs" };
  const repository = {
    id: 101,
    name: "beacon-api",
    full_name: "lighthouse-labs/beacon-api",
    owner: { login: "lighthouse-labs" },
    default_branch: "main",
  };

  beforeAll(async () => {
    database = await target.open();
    fake = await startFakeGithub({ org: fixtureOrg() });
    await runGithubSync(database.db, configFor(fake), "test", { retryAfterBaseValue: 10 });
  });
  afterAll(async () => {
    await fake?.close();
    await database?.close();
  });

  it("refuses a forged or unsigned delivery with 401 and stores nothing", async () => {
    const forged = request("release", "d-forged", { action: "published" }, signWebhook("not-the-secret", "{}"));
    expect((await receiveWebhook(database.db, configFor(fake), forged, enqueue)).status).toBe(401);
    const unsigned = request("release", "d-unsigned", {}, "");
    expect((await receiveWebhook(database.db, configFor(fake), unsigned, enqueue)).status).toBe(401);
    const noSecret = await receiveWebhook(database.db, { webhookSecret: null }, request("release", "d-x", {}), enqueue);
    expect(noSecret.status).toBe(401);
    expect(await database.db.select().from(githubWebhookDeliveries)).toHaveLength(0);
    expect(queued).toEqual([]);
  });

  it("answers ping, unused events and bad JSON without a 500", async () => {
    expect(
      (
        await receiveWebhook(
          database.db,
          configFor(fake),
          request("ping", "d-ping", { zen: "Keep it logically awesome." }),
          enqueue,
        )
      ).status,
    ).toBe(200);
    expect(
      (await receiveWebhook(database.db, configFor(fake), request("star", "d-star", { action: "created" }), enqueue))
        .status,
    ).toBe(202);
    const bad = { headers: request("push", "d-bad", {}).headers, body: "{nope" };
    bad.headers.set("x-hub-signature-256", signWebhook("s3cret", bad.body));
    expect((await receiveWebhook(database.db, configFor(fake), bad, enqueue)).status).toBe(400);
    expect(queued).toEqual([]);
  });

  it("applies a signed deployment_status once, however often it is delivered", async () => {
    const payload = {
      action: "created",
      deployment_status: {
        id: 9200,
        state: "failure",
        environment: "staging",
        environment_url: "",
        log_url: "https://x/log",
        description: null,
        creator: { login: "ci" },
        created_at: "2025-02-01T00:00:00Z",
      },
      deployment: {
        id: 9050,
        sha: "ffff",
        ref: "main",
        task: "deploy",
        environment: "staging",
        description: null,
        creator: { login: "ci" },
        payload: {},
        created_at: "2025-02-01T00:00:00Z",
        updated_at: "2025-02-01T00:00:00Z",
      },
      repository,
      organization: org,
    };
    const first = await receiveWebhook(
      database.db,
      configFor(fake),
      request("deployment_status", "d-1", payload),
      enqueue,
    );
    expect(first.status).toBe(202);
    const again = await receiveWebhook(
      database.db,
      configFor(fake),
      request("deployment_status", "d-1", payload),
      enqueue,
    );
    expect(again.body).toMatchObject({ duplicate: true });
    expect(queued).toEqual(["d-1"]);
    await processWebhookDelivery(database.db, configFor(fake), "d-1");
    const [status] = await database.db
      .select()
      .from(githubDeploymentStatuses)
      .where(eq(githubDeploymentStatuses.id, 9200));
    expect(status).toMatchObject({ state: "failure", deploymentId: 9050 });
    // The job then asks for a probe of this environment (lib/github/jobs.ts).
    expect(await deployedEnvironment(database.db, "d-1")).toEqual({
      serviceRef: expect.stringMatching(/^component:/),
      environment: "staging",
    });
  });

  it("re-reads a repository when a push changes its descriptor, and removes a deleted repository", async () => {
    fake.pushFile(
      "beacon-api",
      "catalog-info.yaml",
      fake.org.repos[0].files["catalog-info.yaml"].replace("owner: signals", "owner: harbour"),
    );
    const push = {
      ref: "refs/heads/main",
      repository,
      organization: org,
      commits: [{ id: "abc", added: [], removed: [], modified: ["catalog-info.yaml"] }],
    };
    await receiveWebhook(database.db, configFor(fake), request("push", "d-push", push), enqueue);
    expect(await processWebhookDelivery(database.db, configFor(fake), "d-push")).toMatch(/re-read/);
    const [beacon] = await database.db.select().from(entities).where(eq(entities.ref, "component:default/beacon-api"));
    expect(beacon.ownerRef).toBe("group:default/harbour");

    const other = {
      ref: "refs/heads/main",
      repository,
      organization: org,
      commits: [{ id: "def", added: ["README.md"], removed: [], modified: [] }],
    };
    await receiveWebhook(database.db, configFor(fake), request("push", "d-push-2", other), enqueue);
    expect(await processWebhookDelivery(database.db, configFor(fake), "d-push-2")).toMatch(/ignored/);

    fake.org.repos = fake.org.repos.filter((r) => r.name !== "beacon-api");
    await receiveWebhook(
      database.db,
      configFor(fake),
      request("repository", "d-del", { action: "deleted", repository, organization: org }),
      enqueue,
    );
    await processWebhookDelivery(database.db, configFor(fake), "d-del");
    expect(
      await database.db.select().from(entities).where(eq(entities.ref, "component:default/beacon-api")),
    ).toHaveLength(0);
    expect(
      await database.db.select().from(githubReleases).where(eq(githubReleases.repo, repository.full_name)),
    ).toHaveLength(0);
  });
});
