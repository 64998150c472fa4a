import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { githubReleases, githubWebhookDeliveries } from "@/db/schema";
import type { Enqueue } from "@/lib/jobs/define-job";
import { JOBS } from "@/lib/server/registry";
import { startWorker, type Queue } from "@/lib/jobs/queue";
import { MAX_DELIVERY_ATTEMPTS, sweepStuckDeliveries } from "./sweep-webhooks";
import { receiveWebhook } from "./webhooks";
import { signWebhook } from "./testing/fake-github-server";
import { BEACON_SENDER } from "./testing/webhook-request";

// The job handler reads its configuration from the environment, as in the app.
const env = {
  GITHUB_ORG: "lighthouse-labs",
  GITHUB_TOKEN: "unused",
  GITHUB_WEBHOOK_SECRET: "s3cret",
  GITHUB_API_URL: "http://127.0.0.1:9",
};
const config = { webhookSecret: "s3cret" };

function release(id: number, delivery: string) {
  const payload = {
    action: "published",
    release: {
      id,
      tag_name: `v${id}`,
      name: `${id}`,
      body: "notes",
      draft: false,
      prerelease: false,
      author: { login: "ada" },
      created_at: "2025-03-01T00:00:00Z",
      published_at: "2025-03-01T00:00:00Z",
    },
    ...BEACON_SENDER,
  };
  const body = JSON.stringify(payload);
  return {
    payload,
    request: {
      headers: new Headers({
        "x-github-event": "release",
        "x-github-delivery": delivery,
        "x-hub-signature-256": signWebhook("s3cret", body),
      }),
      body,
    },
  };
}

/** Waits for a condition with a generous deadline (never for a fixed time). */
async function until(check: () => Promise<boolean>, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

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

  const statusOf = async (id: string) =>
    (
      await database.db
        .select({ status: githubWebhookDeliveries.status })
        .from(githubWebhookDeliveries)
        .where(eq(githubWebhookDeliveries.id, id))
    )[0]?.status;
  const releaseStored = async (id: number) =>
    (await database.db.select().from(githubReleases).where(eq(githubReleases.id, id))).length === 1;
  /** A delivery stored before delivery and job shared a transaction, whose job was lost. */
  const stuck = (id: string, attempts = 1) =>
    database.db.insert(githubWebhookDeliveries).values({
      id,
      event: "release",
      payload: release(1, id).payload,
      status: "queued",
      attempts,
      enqueuedAt: sql`now() - interval '20 minutes'`,
    });

  it("stores a signed release through its job", async () => {
    const { request } = release(8123, "q-1");
    const answer = await receiveWebhook(database.db, config, request, queue.enqueue);
    expect(answer).toMatchObject({ status: 202, body: { queued: "q-1" } });
    await until(async () => (await statusOf("q-1")) !== "queued");
    expect(await statusOf("q-1")).toBe("processed");
    expect(await releaseStored(8123)).toBe(true);
    // The same delivery again is acknowledged without work.
    expect((await receiveWebhook(database.db, config, request, queue.enqueue)).body).toMatchObject({ duplicate: true });
  });

  it("an enqueue that fails stores nothing (no delivery, no job), so GitHub's redelivery is processed rather than a duplicate", async () => {
    const { request } = release(8124, "q-fail");
    const failing: Enqueue = async (name, payload, options) => {
      await queue.enqueue(name, payload, options);
      throw new Error("the queue went away");
    };
    await expect(receiveWebhook(database.db, config, request, failing)).rejects.toThrow("the queue went away");
    expect(await statusOf("q-fail")).toBeUndefined();
    const jobs = await queue.boss.findJobs("github-webhook", { data: { deliveryId: "q-fail" } });
    expect(jobs).toHaveLength(0);

    const redelivered = await receiveWebhook(database.db, config, request, queue.enqueue);
    expect(redelivered).toMatchObject({ status: 202, body: { queued: "q-fail" } });
    await until(async () => (await statusOf("q-fail")) === "processed");
    expect(await releaseStored(8124)).toBe(true);
  });

  it("a delivery stuck in queued is processed when GitHub redelivers it; a fresh one is a duplicate", async () => {
    await stuck("q-stuck");
    const answer = await receiveWebhook(database.db, config, release(8125, "q-stuck").request, queue.enqueue);
    expect(answer).toMatchObject({ status: 202, body: { queued: "q-stuck", redelivery: true } });
    await until(async () => (await statusOf("q-stuck")) === "processed");
    expect(await releaseStored(8125)).toBe(true);

    // Queued a moment ago: its job is on the way, so a redelivery does nothing.
    await database.db
      .insert(githubWebhookDeliveries)
      .values({ id: "q-fresh", event: "release", payload: {}, status: "queued" });
    expect(
      (await receiveWebhook(database.db, config, release(8126, "q-fresh").request, queue.enqueue)).body,
    ).toMatchObject({ duplicate: true });
  });

  it("the sweep sends a stuck delivery's job again, and fails one stuck too often with a reason (then a redelivery is processed)", async () => {
    await stuck("q-sweep");
    await stuck("q-hopeless", MAX_DELIVERY_ATTEMPTS);
    const swept = await sweepStuckDeliveries(database.db, { enqueue: queue.enqueue });
    expect(swept).toEqual({ requeued: ["q-sweep"], failed: ["q-hopeless"] });
    await until(async () => (await statusOf("q-sweep")) === "processed");
    const [hopeless] = await database.db
      .select()
      .from(githubWebhookDeliveries)
      .where(eq(githubWebhookDeliveries.id, "q-hopeless"));
    expect(hopeless).toMatchObject({ status: "failed", error: expect.stringContaining("redeliver") });
    // Nothing is stuck any more.
    expect(await sweepStuckDeliveries(database.db, { enqueue: queue.enqueue })).toEqual({ requeued: [], failed: [] });

    expect(
      (await receiveWebhook(database.db, config, release(8127, "q-hopeless").request, queue.enqueue)).body,
    ).toMatchObject({ redelivery: true });
    await until(async () => (await statusOf("q-hopeless")) === "processed");
    expect(await releaseStored(8127)).toBe(true);
  });

  it("a sweep whose send fails leaves the delivery stuck for the next sweep", async () => {
    await stuck("q-retry-later");
    const failing: Enqueue = async () => {
      throw new Error("the queue went away");
    };
    expect(await sweepStuckDeliveries(database.db, { enqueue: failing })).toEqual({ requeued: [], failed: [] });
    const [row] = await database.db
      .select()
      .from(githubWebhookDeliveries)
      .where(eq(githubWebhookDeliveries.id, "q-retry-later"));
    expect(row).toMatchObject({ status: "queued", attempts: 1 });
    expect((await sweepStuckDeliveries(database.db, { enqueue: queue.enqueue })).requeued).toEqual(["q-retry-later"]);
  });
});
