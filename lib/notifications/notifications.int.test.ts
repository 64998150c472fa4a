import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import type { Actor } from "@/lib/access/permissions";
import { importDescriptors } from "@/lib/catalog/import-descriptors";
import { recordDeployment } from "@/lib/delivery/record-deployment";
import { testActor } from "@/lib/provisioning/testing";
import path from "node:path";
import { createActionRun } from "@/lib/release-actions/create-action-run";
import { createRun } from "@/lib/provisioning/create-run";
import { requestDestroy } from "@/lib/provisioning/self-service-lifecycle";
import { inlineQueue } from "@/lib/provisioning/testing";
import { createChannel, listChannels } from "./channels";
import { deliverOne } from "./deliver";
import { listNotifications, markRead } from "./inbox";
import { warnExpiringEnvironments } from "./jobs";
import { expiringEnvironment } from "@/lib/provisioning/testing";
import { DELIVER_DEPS, deliveryJobs, startReceiver, teamAndService, TEST_SECRET } from "./testing";

const system: Actor = { kind: "system", name: "test", role: "admin" };
const CATALOG = teamAndService("payments-team", ["alice", "dave"], "payments");

const saved = { ...process.env };

describe.each(testDatabases())("notifications on $name", (target) => {
  let database: Database;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let base: string;
  const alice = testActor("alice");
  const dave = testActor("dave");
  const bob = testActor("bob");
  const { sent, enqueue, deliverAll } = deliveryJobs(() => database);
  const received = () => receiver.state.received;

  beforeAll(async () => {
    receiver = await startReceiver();
    base = receiver.base;
    const port = receiver.port;
    Object.assign(process.env, {
      PORTOLAN_EGRESS_ALLOW: `127.0.0.1:${port}`,
      GITHUB_TOKEN: "t",
      GITHUB_API_URL: base,
      PORTOLAN_TEMPLATES_DIR: path.join(import.meta.dirname, "../provisioning/test-templates"),
    });
    database = await target.open();
    await importDescriptors(database.db, system, {
      location: { id: "notifications", type: "api", target: "notifications" },
      text: CATALOG,
      source: "catalog.yaml",
    });
    for (const [id, environment, version] of [
      ["s1", "staging", "v2.0.0"],
      ["p1", "production", "v1.0.0"],
    ])
      await recordDeployment(database.db, system, { id, service: "payments", environment, version, status: "success" });
  });
  afterAll(async () => {
    process.env = { ...saved };
    await receiver.close();
    await database.close();
  });

  it("a team's Slack-style webhook and the approvers' inboxes get the approval request; the requester does not", async () => {
    await createChannel(
      database.db,
      alice,
      { kind: "slack", url: `${base}/slack`, owner: "group:default/payments-team", events: [] },
      { secret: TEST_SECRET },
    );
    await expect(
      createChannel(
        database.db,
        bob,
        { kind: "slack", url: `${base}/x`, owner: "group:default/payments-team", events: [] },
        { secret: TEST_SECRET },
      ),
    ).rejects.toMatchObject({ code: "forbidden:channel" });
    const run = await createActionRun(
      database.db,
      alice,
      { template: "promote", parameters: { from: "staging", to: "production" }, entity: "payments" },
      { enqueue },
    );
    expect(run.status).toBe("awaiting_approval");
    expect(await deliverAll()).toEqual(["delivered"]);
    const slack = received().find((r) => r.path === "/slack")!;
    expect(JSON.parse(slack.body).text).toContain("Approval requested: promote v2.0.0 from staging to production");
    expect(JSON.parse(slack.body).text).toContain(`https://portal.test/runs/${run.id}`);
    const daves = await listNotifications(database.db, dave, { limit: 30 });
    expect(daves.items[0]).toMatchObject({ event: "approval.requested", read: false, link: `/runs/${run.id}` });
    expect(daves.unread).toBe(1);
    expect((await listNotifications(database.db, alice, { limit: 30 })).items).toEqual([]);
    expect(await markRead(database.db, dave, { all: true })).toBe(1);
    expect((await listNotifications(database.db, dave, { limit: 30 })).items[0].read).toBe(true);
  });

  it("a signed personal webhook gets the expiry warning once, and a failed delivery is retried and visible", async () => {
    const channel = await createChannel(
      database.db,
      bob,
      { kind: "webhook", url: `${base}/hook`, events: ["environment.expiring"] },
      { secret: TEST_SECRET },
    );
    await expiringEnvironment(database.db, "user:bob", "bobs-preview", 20);
    receiver.state.failNext = 1;
    await warnExpiringEnvironments(database.db, enqueue);
    await warnExpiringEnvironments(database.db, enqueue);
    expect(sent).toHaveLength(1);
    const id = sent[0];
    expect(await deliverAll()).toEqual(["retry"]);
    expect((await listChannels(database.db, bob)).find((c) => c.id === channel.id)).toMatchObject({
      pending: 1,
      lastError: "HTTP 500",
    });
    expect(await deliverOne(database.db, id, DELIVER_DEPS)).toBe("delivered");
    const hook = received().find((r) => r.path === "/hook")!;
    expect(hook.headers["x-portolan-event"]).toBe("environment.expiring");
    expect(hook.headers["x-portolan-signature"]).toBe(
      `sha256=${createHmac("sha256", channel.signingKey!).update(hook.body).digest("hex")}`,
    );
    expect(JSON.parse(hook.body)).toMatchObject({
      event: "environment.expiring",
      title: expect.stringMatching(/^Your environment bobs-preview expires in (19|20) minutes$/),
      link: expect.stringMatching(/^https:\/\/portal\.test\/my-environments\/[0-9a-f-]{36}\/extend$/),
    });
    const bobs = await listNotifications(database.db, bob, { limit: 30 });
    expect(bobs.items.filter((n) => n.event === "environment.expiring")).toHaveLength(1);
    // Nothing stored in clear: the channel row carries the URL and key sealed.
    expect(JSON.stringify(await listChannels(database.db, bob))).not.toContain("/hook");
  });

  it("the owner hears that their environment was destroyed, once", async () => {
    const carol = testActor("carol");
    const queue = inlineQueue(database);
    const { id, environmentId } = await createRun(
      database.db,
      carol,
      { template: "test-noop", parameters: {} },
      { enqueue: queue.enqueue },
    );
    await queue.drain();
    await requestDestroy(database.db, carol, environmentId, { enqueue: queue.enqueue });
    await queue.drain();
    const inbox = await listNotifications(database.db, carol, { limit: 30 });
    expect(inbox.items.filter((n) => n.event === "environment.destroyed")).toEqual([
      expect.objectContaining({
        link: `/runs/${id}`,
        title: expect.stringMatching(/^Your environment .+ was destroyed$/),
      }),
    ]);
    expect(inbox.items.map((n) => n.event)).toContain("run.succeeded");
  });
});
