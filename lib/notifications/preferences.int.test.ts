import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { notificationDeliveries } from "@/db/schema";
import { testDatabases } from "@/db/testing";
import type { Actor } from "@/lib/access/permissions";
import { importDescriptors } from "@/lib/catalog/import-descriptors";
import { recordDeployment } from "@/lib/delivery/record-deployment";
import { createActionRun } from "@/lib/release-actions/create-action-run";
import { createFreeze, listFreezes } from "@/lib/release-actions/freezes";
import { extendEnvironment } from "@/lib/provisioning/self-service-lifecycle";
import { testActor } from "@/lib/provisioning/testing";
import { createChannel, listChannels } from "./channels";
import { deliverOne, MAX_ATTEMPTS } from "./deliver";
import type { NotificationEvent } from "./events";
import { listFailedDeliveries, retryDelivery } from "./failed-deliveries";
import { listNotifications } from "./inbox";
import { warnExpiringEnvironments } from "./jobs";
import { getPreferences, setPreferences } from "./preferences";
import { expiringEnvironment } from "@/lib/provisioning/testing";
import { DELIVER_DEPS, deliveryJobs, startReceiver, teamAndService, TEST_SECRET } from "./testing";

const system: Actor = { kind: "system", name: "test", role: "admin" };
const CATALOG = teamAndService("checkout-team", ["erin", "frank"], "checkout");

describe.each(testDatabases())("notification preferences and failed deliveries on $name", (target) => {
  let database: Database;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let base: string;
  const { sent, enqueue, deliverAll } = deliveryJobs(() => database);
  const received = () => receiver.state.received;
  const deps = DELIVER_DEPS;
  const erin = testActor("erin");
  const gina = testActor("gina");
  const admin = testActor("root", "admin");
  const saved = { ...process.env };
  let deployment = 0;
  const failProduction = () =>
    recordDeployment(
      database.db,
      system,
      {
        id: `d${++deployment}`,
        service: "checkout",
        environment: "production",
        version: `v${deployment}`,
        status: "failure",
      },
      { enqueue },
    );

  beforeAll(async () => {
    receiver = await startReceiver();
    base = receiver.base;
    const port = receiver.port;
    Object.assign(process.env, { PORTOLAN_EGRESS_ALLOW: `127.0.0.1:${port}`, GITHUB_TOKEN: "t", GITHUB_API_URL: base });
    database = await target.open();
    await importDescriptors(database.db, system, {
      location: { id: "prefs", type: "api", target: "prefs" },
      text: CATALOG,
      source: "catalog.yaml",
    });
  });
  afterAll(async () => {
    process.env = { ...saved };
    await receiver.close();
    await database.close();
  });

  it("a team's muted event is not delivered to its channel; enabled again, it is", async () => {
    const slack = await createChannel(
      database.db,
      erin,
      { kind: "slack", url: `${base}/team-slack`, owner: "group:default/checkout-team", events: [] },
      { secret: TEST_SECRET },
    );
    const defaults = await getPreferences(database.db, erin, { owner: "group:default/checkout-team" });
    expect(defaults.channels.map((c) => c.id)).toEqual(["inbox", slack.id]);
    expect(defaults.items.every((i) => i.enabled && i.isDefault)).toBe(true);

    const muted = await setPreferences(database.db, erin, {
      owner: "group:default/checkout-team",
      items: [{ event: "deployment.failed", channel: slack.id, enabled: false }],
    });
    expect(muted.items.find((i) => i.event === "deployment.failed" && i.channel === slack.id)).toMatchObject({
      enabled: false,
      isDefault: false,
    });
    await failProduction();
    expect(sent).toEqual([]);
    await deliverAll();
    expect(received().filter((r) => r.path === "/team-slack")).toEqual([]);
    // The members' inboxes are still told (the team muted only its Slack channel).
    const erins = await listNotifications(database.db, erin, { limit: 30 });
    expect(erins.items.filter((n) => n.event === "deployment.failed")).toHaveLength(1);

    await setPreferences(database.db, erin, {
      owner: "group:default/checkout-team",
      items: [
        { event: "deployment.failed", channel: slack.id, enabled: null },
        { event: "deployment.failed", channel: "inbox", enabled: false },
      ],
    });
    await failProduction();
    expect(await deliverAll()).toEqual(["delivered"]);
    const delivered = received().filter((r) => r.path === "/team-slack");
    expect(delivered).toHaveLength(1);
    expect(JSON.parse(delivered[0].body).text).toContain("Production deployment of checkout failed");
    expect(JSON.parse(delivered[0].body).text).toContain("https://portal.test/catalog/component/default/checkout");
    // Members' inboxes muted by the team: nobody's bell rang the second time.
    expect(
      (await listNotifications(database.db, erin, { limit: 30 })).items.filter((n) => n.event === "deployment.failed"),
    ).toHaveLength(1);
  });

  it("a person's muted inbox keeps the bell quiet while their webhook still hears it, once; the link extends", async () => {
    const hook = await createChannel(
      database.db,
      gina,
      { kind: "webhook", url: `${base}/gina`, events: [] },
      { secret: TEST_SECRET },
    );
    await setPreferences(database.db, gina, {
      items: [
        { event: "environment.expiring", channel: "inbox", enabled: false },
        { event: "run.failed", channel: hook.id, enabled: false },
      ],
    });
    const env = await expiringEnvironment(database.db, "user:gina", "ginas-preview", 25, {
      maxTtlSeconds: 4 * 3600,
      readyAt: new Date(),
    });
    await warnExpiringEnvironments(database.db, enqueue);
    await warnExpiringEnvironments(database.db, enqueue);
    expect(await deliverAll()).toEqual(["delivered"]);
    const warning = JSON.parse(received().find((r) => r.path === "/gina")!.body);
    expect(warning).toMatchObject({
      event: "environment.expiring",
      link: `https://portal.test/my-environments/${env.id}/extend`,
    });
    expect((await listNotifications(database.db, gina, { limit: 30 })).items).toEqual([]);
    // What the linked page's one button does: the owner extends by the template's TTL.
    const extended = await extendEnvironment(database.db, gina, env.id, {}, { ip: null });
    expect(extended.expiresAt.getTime()).toBeGreaterThan(env.expiresAt.getTime() + 59 * 60_000);
  });

  it("one change sets and clears many cells at once; a cell named twice takes the last word", async () => {
    const ivy = testActor("ivy");
    const every = (await getPreferences(database.db, ivy, {})).items;
    const muted = await setPreferences(database.db, ivy, {
      items: [
        ...every.map((i) => ({ event: i.event as NotificationEvent, channel: i.channel, enabled: false })),
        { event: "run.failed", channel: "inbox", enabled: true },
      ],
    });
    expect(muted.items.filter((i) => i.enabled).map((i) => i.event)).toEqual(["run.failed"]);
    expect(muted.items.every((i) => !i.isDefault)).toBe(true);
    const reset = await setPreferences(database.db, ivy, {
      items: [
        { event: "run.failed", channel: "inbox", enabled: false },
        ...every.map((i) => ({ event: i.event as NotificationEvent, channel: i.channel, enabled: null })),
      ],
    });
    expect(reset.items.every((i) => i.enabled && i.isDefault)).toBe(true);
  });

  it("only members or admins change a team's preferences; a channel must be the owner's", async () => {
    const outsider = testActor("harry");
    await expect(getPreferences(database.db, outsider, { owner: "group:default/checkout-team" })).rejects.toMatchObject(
      {
        code: "forbidden:preferences",
      },
    );
    expect((await getPreferences(database.db, admin, { owner: "group:default/checkout-team" })).owner).toBe(
      "group:default/checkout-team",
    );
    const [teamChannel] = (
      await getPreferences(database.db, erin, { owner: "group:default/checkout-team" })
    ).channels.filter((c) => c.id !== "inbox");
    await expect(
      setPreferences(database.db, outsider, {
        items: [{ event: "run.failed", channel: teamChannel.id, enabled: false }],
      }),
    ).rejects.toMatchObject({ code: "unprocessable:preferences" });
    // A team's channels (its page): to its members and admins, nobody else's among them.
    const team = { owner: "group:default/checkout-team" };
    expect((await listChannels(database.db, erin, team)).map((c) => c.id)).toEqual([teamChannel.id]);
    expect((await listChannels(database.db, admin, team)).map((c) => c.id)).toEqual([teamChannel.id]);
    expect(await listChannels(database.db, outsider, team)).toEqual([]);
  });

  it("a delivery that failed shows in the admin list without its URL, and retry now succeeds once the receiver is back", async () => {
    const secretPath = "/services/T000/B000/very-secret-token";
    await createChannel(
      database.db,
      erin,
      { kind: "slack", url: `${base}${secretPath}`, events: ["approval.decided"] },
      { secret: TEST_SECRET },
    );
    const { notify } = await import("./notify");
    receiver.state.down = true;
    await notify(
      database.db,
      { event: "approval.decided", recipients: ["user:erin"], title: "Approved: promote", link: "/runs/x" },
      { enqueue },
    );
    const id = sent[0];
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) await deliverOne(database.db, id, deps);
    sent.length = 0;
    await expect(listFailedDeliveries(database.db, erin, { limit: 50 })).rejects.toMatchObject({
      code: "forbidden:auth",
    });
    const failed = (await listFailedDeliveries(database.db, admin, { limit: 50 })).find((d) => d.id === id);
    expect(failed).toMatchObject({
      status: "failed",
      event: "approval.decided",
      title: "Approved: promote",
      attempts: MAX_ATTEMPTS,
      lastError: "HTTP 503",
      channel: { kind: "slack", owner: "user:erin" },
    });
    expect(JSON.stringify(failed)).not.toContain("very-secret-token");
    expect((await retryDelivery(database.db, admin, id, deps)).status).toBe("failed");
    receiver.state.down = false;
    expect(await retryDelivery(database.db, admin, id, deps)).toMatchObject({ status: "delivered", lastError: null });
    expect(received().filter((r) => r.path === secretPath)).toHaveLength(1);
    expect((await listFailedDeliveries(database.db, admin, { limit: 50 })).map((d) => d.id)).not.toContain(id);
    await expect(retryDelivery(database.db, admin, id, deps)).rejects.toMatchObject({ code: "conflict:delivery" });
  });

  it("a delivery is sent once when its job, the sweep and an admin's retry reach it together", async () => {
    const path = "/hooks/once";
    const channel = await createChannel(
      database.db,
      erin,
      { kind: "webhook", url: `${base}${path}`, events: ["approval.decided"] },
      { secret: TEST_SECRET },
    );
    const { notify } = await import("./notify");
    await notify(
      database.db,
      { event: "approval.decided", recipients: ["user:erin"], title: "Approved: once", link: "/runs/y" },
      { enqueue },
    );
    const [{ id }] = await database.db
      .select({ id: notificationDeliveries.id })
      .from(notificationDeliveries)
      .where(eq(notificationDeliveries.channelId, channel.id));
    sent.length = 0;
    const outcomes = await Promise.all([1, 2, 3].map(() => deliverOne(database.db, id, deps)));
    expect(outcomes.sort()).toEqual(["delivered", "gone", "gone"]);
    expect(received().filter((r) => r.path === path)).toHaveLength(1);
    // An attempt under way: retry now says so instead of sending it a second time.
    await database.db
      .update(notificationDeliveries)
      .set({ status: "sending" })
      .where(eq(notificationDeliveries.id, id));
    await expect(retryDelivery(database.db, admin, id, deps)).rejects.toMatchObject({
      code: "conflict:delivery",
      message: expect.stringContaining("being sent"),
    });
  });

  it("a weekly freeze holding now refuses a promotion to production; it is listed with its current occurrence", async () => {
    for (const [id, environment] of [
      ["s", "staging"],
      ["p", "production"],
    ])
      await recordDeployment(database.db, system, {
        id,
        service: "checkout",
        environment,
        version: "v9",
        status: "success",
      });
    const now = new Date();
    const day = (offset: number) =>
      ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"][
        (new Date(now.getTime() + offset).getUTCDay() + 6) % 7
      ] as "monday";
    const time = (offset: number) => new Date(now.getTime() + offset).toISOString().slice(11, 16);
    const freeze = await createFreeze(database.db, admin, {
      environment: "production",
      timeZone: "UTC",
      repeat: {
        every: "week",
        start: { day: day(-3_600_000), time: time(-3_600_000) },
        end: { day: day(3_600_000), time: time(3_600_000) },
      },
      startsAt: new Date(now.getTime() - 7_200_000).toISOString(),
      reason: "weekly release quiet hours",
    });
    expect(freeze.endsAt).toBe("9999-12-31T00:00:00.000Z");
    const listed = (await listFreezes(database.db)).find((f) => f.id === freeze.id);
    expect(listed?.next && new Date(listed.next.startsAt).getTime()).toBeLessThanOrEqual(now.getTime());
    await expect(
      createActionRun(
        database.db,
        erin,
        { template: "redeploy", parameters: { environment: "production" }, entity: "checkout" },
        { enqueue },
      ),
    ).rejects.toMatchObject({
      code: "conflict:freeze",
      message: expect.stringContaining("weekly release quiet hours"),
    });
    await expect(
      createFreeze(database.db, admin, {
        environment: "production",
        timeZone: "UTC",
        startsAt: "2026-12-24T18:00",
        reason: "no end given",
      }),
    ).rejects.toMatchObject({ code: "unprocessable:freeze", message: expect.stringContaining("endsAt") });
  });
});
