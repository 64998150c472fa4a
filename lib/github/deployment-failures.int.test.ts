import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { notifications } from "@/db/schema";
import type { Enqueue } from "@/lib/jobs/define-job";
import { processWebhookDelivery } from "./process-webhook";
import { runGithubSync } from "./run-sync";
import { receiveWebhook } from "./webhooks";
import { startFakeGithub, type FakeGithub } from "./testing/fake-github-server";
import { BEACON_SENDER, signedRequest } from "./testing/webhook-request";
import { fixtureOrg } from "./testing/fixture-org";
import { configFor } from "./testing/test-config";

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const fast = { retryAfterBaseValue: 10 };

function statusEvent(id: number, environment: string, state: string, at: string) {
  return {
    action: "created",
    deployment_status: { id: id + 100, state, environment, creator: { login: "ci" }, created_at: at },
    deployment: {
      id,
      sha: "eeee",
      ref: `v2.${id}`,
      task: "deploy",
      environment,
      creator: { login: "ci" },
      payload: {},
      created_at: at,
      updated_at: at,
    },
    ...BEACON_SENDER,
  };
}

describe.each(testDatabases())("production deployment failures from GitHub on $name", (target) => {
  let database: Database;
  let fake: FakeGithub;
  const jobs: string[] = [];
  const enqueue: Enqueue = async (name) => {
    jobs.push(name);
    return null;
  };
  const told = async () =>
    (
      await database.db
        .select({ recipient: notifications.recipient, title: notifications.title, key: notifications.dedupeKey })
        .from(notifications)
        .where(eq(notifications.event, "deployment.failed"))
    ).sort((a, b) => `${a.key}${a.recipient}`.localeCompare(`${b.key}${b.recipient}`));

  beforeAll(async () => {
    database = await target.open();
    const org = fixtureOrg();
    // History the first sync reads: a production failure from long ago.
    org.repos[0].deployments!.push({
      id: 9002,
      environment: "production",
      ref: "v1.1.0",
      sha: "b2c3d4e",
      createdAt: minutesAgo(3 * 24 * 60),
      statuses: [{ id: 9103, state: "failure", createdAt: minutesAgo(3 * 24 * 60 - 2) }],
    });
    fake = await startFakeGithub({ org });
  });
  afterAll(async () => {
    await fake?.close();
    await database?.close();
  });

  it("tells nobody about old failures on the first sync", async () => {
    const [summary] = await runGithubSync(database.db, configFor(fake), "test", { ...fast, enqueue });
    expect(summary.errors).toEqual([]);
    expect(await told()).toEqual([]);
  });

  it("tells the owning team once about a production failure the sync finds, not about staging", async () => {
    fake.org.repos[0].deployments!.push(
      {
        id: 9003,
        environment: "production",
        ref: "v1.3.0",
        sha: "c3d4e5f",
        createdAt: minutesAgo(6),
        statuses: [
          { id: 9104, state: "in_progress", createdAt: minutesAgo(6) },
          { id: 9105, state: "error", createdAt: minutesAgo(5) },
        ],
      },
      {
        id: 9004,
        environment: "staging",
        ref: "v1.3.0",
        sha: "c3d4e5f",
        createdAt: minutesAgo(9),
        statuses: [{ id: 9106, state: "failure", createdAt: minutesAgo(8) }],
      },
    );
    await runGithubSync(database.db, configFor(fake), "test", { ...fast, enqueue });
    const first = await told();
    // beacon-api is owned by signals (ada, grace, from the GitHub team).
    expect(first.map((n) => n.recipient)).toEqual(["user:ada", "user:grace"]);
    expect(first[0].title).toBe("Production deployment of beacon-api failed");
    // Every later sync reads the same deployment again: nobody is told twice.
    await runGithubSync(database.db, configFor(fake), "test", { ...fast, enqueue });
    expect(await told()).toEqual(first);
  });

  it("tells the owning team about a failed deployment_status delivered by webhook, once", async () => {
    const config = configFor(fake);
    const fresh = statusEvent(9010, "production", "failure", minutesAgo(1));
    expect(
      (await receiveWebhook(database.db, config, signedRequest("deployment_status", "f-1", fresh), enqueue)).status,
    ).toBe(202);
    await processWebhookDelivery(database.db, config, "f-1", enqueue);
    // A redelivery under a new id, and a stale failure GitHub sends late: neither tells again.
    await receiveWebhook(database.db, config, signedRequest("deployment_status", "f-2", fresh), enqueue);
    await processWebhookDelivery(database.db, config, "f-2", enqueue);
    const stale = statusEvent(9011, "prod", "failure", minutesAgo(3 * 60));
    await receiveWebhook(database.db, config, signedRequest("deployment_status", "f-3", stale), enqueue);
    await processWebhookDelivery(database.db, config, "f-3", enqueue);

    const rows = await database.db
      .select({ recipient: notifications.recipient, body: notifications.body })
      .from(notifications)
      .where(and(eq(notifications.event, "deployment.failed"), eq(notifications.recipient, "user:ada")));
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.body)).toContain("v2.9010 to production: failure.");
  });
});
