import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { githubReleases, githubWebhookDeliveries } from "@/db/schema";
import { JOBS } from "@/lib/jobs/registry";
import { startWorker, type Queue } from "@/lib/jobs/queue";
import { receiveWebhook } from "./webhooks";
import { signWebhook } from "./testing/fake-github-server";

// The job handler reads its configuration from the environment, as in the app.
const env = { GITHUB_ORG: "lighthouse-labs", GITHUB_TOKEN: "unused", GITHUB_WEBHOOK_SECRET: "s3cret", GITHUB_API_URL: "http://127.0.0.1:9" };

describe.each(testDatabases())("webhook through the job queue on $name", (target) => {
  let database: Database;
  let queue: Queue;
  const saved = { ...process.env };

  beforeAll(async () => {
    Object.assign(process.env, env);
    database = await target.open();
    queue = await startWorker(database, { jobs: JOBS });
  });
  afterAll(async () => {
    await queue?.stop();
    await database?.close();
    process.env = saved;
  });

  it("stores a signed release within a second of the delivery", async () => {
    const payload = {
      action: "published",
      release: { id: 8123, tag_name: "v2.0.0", name: "2.0.0", body: "notes", draft: false, prerelease: false, author: { login: "ada" }, created_at: "2025-03-01T00:00:00Z", published_at: "2025-03-01T00:00:00Z" },
      repository: { id: 1, name: "beacon-api", full_name: "lighthouse-labs/beacon-api", owner: { login: "lighthouse-labs" } },
      organization: { login: "lighthouse-labs" },
    };
    const body = JSON.stringify(payload);
    const headers = new Headers({ "x-github-event": "release", "x-github-delivery": "q-1", "x-hub-signature-256": signWebhook("s3cret", body) });
    const started = Date.now();
    const answer = await receiveWebhook(database.db, { webhookSecret: "s3cret" }, { headers, body }, (deliveryId) => queue.enqueue("github-webhook", { deliveryId }));
    expect(answer.status).toBe(202);
    let status = "queued";
    while (status === "queued" && Date.now() - started < 5000) {
      await new Promise((r) => setTimeout(r, 50));
      [{ status }] = await database.db.select({ status: githubWebhookDeliveries.status }).from(githubWebhookDeliveries).where(eq(githubWebhookDeliveries.id, "q-1"));
    }
    expect(status).toBe("processed");
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await database.db.select().from(githubReleases).where(eq(githubReleases.id, 8123))).toHaveLength(1);
  });
});
