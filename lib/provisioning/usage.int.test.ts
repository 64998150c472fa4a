// Resource-hours from the awake intervals the status trigger keeps, cost from the admin's prices, and
// the totals per person and team.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import {
  auditLog,
  environmentAwakeIntervals,
  provisioningRuns,
  provisioningSteps,
  selfServiceEnvironments,
} from "@/db/schema";
import { getEnvironmentView } from "./queries";
import { reapExpiredEnvironments } from "./self-service-lifecycle";
import { applySleepSchedules, requestSleep } from "./sleep-wake";
import { inlineQueue, testActor } from "./testing";
import { listPrices, priceInput, setPrice, usageTotals } from "./usage";

describe.each(testDatabases())("resource-hours and cost on $name", (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(() => database.close());

  /** An environment of `template`, owned by `owner` in `team`, made ready (the trigger opens its interval). */
  async function environment(owner: string, team: string | null, template = "local-preview", body = {}) {
    const [run] = await database.db
      .insert(provisioningRuns)
      .values({
        templateName: template,
        templateTitle: template,
        template: body,
        parameters: {},
        status: "succeeded",
        requestedBy: owner,
      })
      .returning();
    const [env] = await database.db
      .insert(selfServiceEnvironments)
      .values({
        name: `${template}-${owner}`,
        runId: run.id,
        templateName: template,
        owner,
        teamRef: team,
        status: "provisioning",
        ttlSeconds: 3600,
        maxTtlSeconds: 7200,
        expiresAt: new Date(Date.now() + 3_600_000),
      })
      .returning();
    await setStatus(env.id, "ready");
    return env.id;
  }
  const setStatus = (id: string, status: "ready" | "sleeping" | "asleep" | "waking" | "destroying" | "destroyed") =>
    database.db.update(selfServiceEnvironments).set({ status }).where(eq(selfServiceEnvironments.id, id));
  const intervals = (id: string) =>
    database.db.select().from(environmentAwakeIntervals).where(eq(environmentAwakeIntervals.environmentId, id));
  /** Makes every interval of the environment exactly `hours` long (the clock cannot wait hours in a test). */
  const lasted = (id: string, hours: number) =>
    database.db
      .update(environmentAwakeIntervals)
      .set({ startedAt: sql`coalesce(ended_at, now()) - make_interval(secs => ${hours * 3600})` })
      .where(eq(environmentAwakeIntervals.environmentId, id));

  it("opens an interval when an environment becomes awake and closes it when it sleeps or goes", async () => {
    const id = await environment("user:ada", "group:default/payments");
    expect((await intervals(id)).map((i) => i.endedAt)).toEqual([null]);
    await setStatus(id, "sleeping"); // still awake while stopping
    expect(await intervals(id)).toHaveLength(1);
    await setStatus(id, "asleep");
    expect((await intervals(id)).every((i) => i.endedAt !== null)).toBe(true);
    await setStatus(id, "waking");
    await setStatus(id, "ready");
    expect(await intervals(id)).toHaveLength(2);
    await setStatus(id, "destroying");
    await setStatus(id, "destroyed");
    expect((await intervals(id)).every((i) => i.endedAt !== null)).toBe(true);
  });

  it("adds up hours and cost per environment, person and team; a template's price wins over the global one", async () => {
    const admin = testActor("prices-admin", "admin");
    const a = await environment("user:bo", "group:default/payments");
    const b = await environment("user:bo", "group:default/payments", "container-preview");
    const c = await environment("user:cy", null);
    await setStatus(c, "asleep");
    await lasted(a, 2);
    await lasted(b, 1);
    await lasted(c, 4);
    const view = await getEnvironmentView(database.db, testActor("bo"), a);
    expect(view.resourceHours).toBeCloseTo(2, 2);
    expect(view.cost).toBeNull();

    await setPrice(database.db, admin, priceInput.parse({ scope: "*", pricePerHour: "1.5", currency: "eur" }));
    await setPrice(
      database.db,
      admin,
      priceInput.parse({ scope: "container-preview", pricePerHour: 4, currency: "EUR" }),
    );
    expect((await getEnvironmentView(database.db, testActor("bo"), a)).cost).toMatchObject({
      amount: 3,
      currency: "EUR",
    });
    expect((await getEnvironmentView(database.db, testActor("bo"), b)).cost).toMatchObject({
      amount: 4,
      currency: "EUR",
    });

    const people = await usageTotals(database.db, "owner", { owner: "user:bo" });
    expect(people).toHaveLength(1);
    expect(people[0]).toMatchObject({ key: "user:bo", environments: 2 });
    expect(people[0].resourceHours).toBeCloseTo(3, 2);
    expect(people[0].cost).toEqual([{ currency: "EUR", amount: 7 }]);
    const teams = await usageTotals(database.db, "team", { teams: ["group:default/payments"] });
    expect(teams.map((t) => t.key)).toEqual(["group:default/payments"]);
    expect(await usageTotals(database.db, "team", { teams: [] })).toEqual([]);
    const everyone = await usageTotals(database.db, "owner");
    expect(everyone.find((t) => t.key === "user:cy")).toMatchObject({
      environments: 1,
      cost: [{ currency: "EUR", amount: 6 }],
    });

    // An empty price removes it: container-preview falls back to the global price.
    await setPrice(database.db, admin, priceInput.parse({ scope: "container-preview", pricePerHour: "" }));
    expect((await listPrices(database.db)).map((p) => p.scope)).toEqual(["*"]);
    expect((await getEnvironmentView(database.db, testActor("bo"), b)).cost).toMatchObject({ amount: 1.5 });
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.actor, "user:prices-admin"));
    expect(audit.map((x) => x.action)).toEqual(["price.set", "price.set", "price.remove"]);
  });

  it("the schedule job sleeps environments outside their template's hours and wakes what it put to sleep", async () => {
    const schedule = {
      timeZone: "Europe/Berlin",
      awake: { days: ["mon", "tue", "wed", "thu", "fri"], from: "07:00", to: "20:00" },
    };
    // One step that runs something (sleep has something to stop).
    const body = { spec: { environment: { schedule }, steps: [{ id: "server", action: "local:process" }] } };
    const queue = inlineQueue(database);
    const scheduled = await environment("user:dee", null, "nightly", body);
    const unscheduled = await environment("user:dee", null, "always");
    const [{ runId }] = await database.db
      .select({ runId: selfServiceEnvironments.runId })
      .from(selfServiceEnvironments)
      .where(eq(selfServiceEnvironments.id, scheduled));
    await database.db.insert(provisioningSteps).values({
      runId,
      phase: "provision",
      position: 0,
      stepId: "server",
      name: "server",
      action: "local:process",
      status: "succeeded",
    });
    const sunday = new Date("2026-12-06T12:00:00Z");
    const monday = new Date("2026-12-07T08:00:00Z"); // 09:00 in Berlin
    expect(await applySleepSchedules(database, queue, sunday)).toEqual({ slept: [scheduled], woken: [] });
    const [row] = await database.db
      .select()
      .from(selfServiceEnvironments)
      .where(eq(selfServiceEnvironments.id, scheduled));
    expect(row).toMatchObject({ status: "sleeping", asleepBySchedule: true });
    expect(queue.sent).toEqual([{ name: "environment-sleep", payload: { environmentId: scheduled } }]);
    const [audit] = await database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.target, `environment:${scheduled}`));
    expect(audit).toMatchObject({ actor: "system:sleep-schedule", action: "environment.sleep" });
    // Asked again in the same night: it is already on its way to sleep.
    await setStatus(scheduled, "asleep");
    expect(await applySleepSchedules(database, queue, sunday)).toEqual({ slept: [], woken: [] });
    expect(await applySleepSchedules(database, queue, monday)).toEqual({ slept: [], woken: [scheduled] });
    expect((await getEnvironmentView(database.db, testActor("dee"), unscheduled)).status).toBe("ready");
    // An environment none of whose steps runs anything has nothing to sleep.
    await expect(requestSleep(database.db, testActor("dee"), unscheduled, queue)).rejects.toThrow(
      /Nothing .* can sleep/,
    );

    // A person's sleep is theirs: the schedule does not wake it in the morning.
    await setStatus(scheduled, "asleep");
    await database.db
      .update(selfServiceEnvironments)
      .set({ asleepBySchedule: false })
      .where(eq(selfServiceEnvironments.id, scheduled));
    expect(await applySleepSchedules(database, queue, monday)).toEqual({ slept: [], woken: [] });
  });

  it("the TTL reaper also destroys an expired environment stuck sleeping or asleep", async () => {
    const queue = inlineQueue(database);
    const stuck = await environment("user:eve", null, "stuck");
    const asleep = await environment("user:eve", null, "dozing");
    await setStatus(stuck, "sleeping");
    await setStatus(asleep, "asleep");
    await database.db
      .update(selfServiceEnvironments)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(selfServiceEnvironments.owner, "user:eve"));
    expect((await reapExpiredEnvironments(database, queue)).sort()).toEqual([stuck, asleep].sort());
    const statuses = await database.db
      .select({ status: selfServiceEnvironments.status })
      .from(selfServiceEnvironments)
      .where(eq(selfServiceEnvironments.owner, "user:eve"));
    expect(statuses.map((s) => s.status)).toEqual(["destroying", "destroying"]);
  });

  it("refuses prices that make no sense, and people who may not set them", async () => {
    expect(priceInput.safeParse({ scope: "*", pricePerHour: -1 }).success).toBe(false);
    expect(priceInput.safeParse({ scope: "*", pricePerHour: "ten" }).success).toBe(false);
    expect(priceInput.safeParse({ scope: "*", pricePerHour: 1, currency: "euro" }).success).toBe(false);
    expect(priceInput.safeParse({ scope: "Not A Template", pricePerHour: 1 }).success).toBe(false);
    await expect(
      setPrice(database.db, testActor("dev"), priceInput.parse({ scope: "*", pricePerHour: 1 })),
    ).rejects.toThrow();
  });
});
