import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { asc, eq } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { auditLog, environmentAwakeIntervals, resourcePrices, selfServiceEnvironments } from "@/db/schema";
import {
  destroyEnvironment,
  extendEnvironment,
  reapExpiredEnvironments,
  requestDestroy,
} from "@/lib/provisioning/self-service-lifecycle";
import { readProbeConfig } from "@/lib/health/probe-config";
import { runHealthProbes } from "@/lib/health/run-health-probes";
import { stopProcess } from "./actions/local-process";
import { createRun } from "./create-run";
import { getEnvironmentView, getRunView, listSelfServiceEnvironments } from "./queries";
import { ACTIONS } from "./actions";
import { stepsOf } from "./run-store";
import { requestSleep, requestWake } from "./sleep-wake";
import { importPreviewComponents } from "@/lib/demo/testing";
import { inlineQueue, removePreviewsDir, testActor } from "./testing";

// A checkout, a seeded database and the branch's own server per test: generous on a busy machine.
vi.setConfig({ testTimeout: 120_000 });

const PARAMS = { component: "component:default/payment-gateway", branch: "feature/refunds" };

/** Local addresses a port listens on, from the kernel's socket tables (hex, as /proc/net/tcp writes them). */
function listeningOn(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  return ["/proc/net/tcp", "/proc/net/tcp6"].flatMap((file) =>
    fs
      .readFileSync(file, "utf8")
      .split("\n")
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((f) => f[1]?.endsWith(`:${hexPort}`) && f[3] === "0A")
      .map((f) => f[1].split(":")[0]),
  );
}

async function isUp(url: string) {
  try {
    return (await fetch(`${url}/health`)).ok;
  } catch {
    return false;
  }
}

describe.each(testDatabases())("the local preview template on $name", (target) => {
  let database: Database;
  const prior = { ...process.env };
  const previews = fs.mkdtempSync(path.join(os.tmpdir(), "portolan-previews-"));
  beforeAll(async () => {
    process.env.PORTOLAN_LOCAL_ACTIONS = "true";
    process.env.PORTOLAN_PREVIEWS_DIR = previews;
    database = await target.open();
    await importPreviewComponents(database, ["payment-gateway"]);
  });
  afterAll(async () => {
    process.env = prior;
    await database.close();
    // Every run was destroyed: no checkout and no database is left behind (the git cache stays).
    for (const kind of ["work", "db"]) {
      const dir = path.join(previews, kind);
      if (fs.existsSync(dir)) expect(fs.readdirSync(dir)).toEqual([]);
    }
    await removePreviewsDir(previews);
  });

  it("runs to ready with a working URL, extends, and is destroyed (URL gone)", async () => {
    const dev = testActor("dev");
    const queue = inlineQueue(database);
    const run = await createRun(
      database.db,
      dev,
      { template: "local-preview", parameters: PARAMS },
      { enqueue: queue.enqueue },
    );
    expect(run.status).toBe("queued");
    await queue.drain();
    const view = await getRunView(database.db, dev, run.id);
    expect(view.status).toBe("succeeded");
    expect(view.steps.map((s) => s.status)).toEqual(["succeeded", "succeeded", "succeeded", "succeeded"]);
    expect(view.environment?.status).toBe("ready");
    const url = view.environment!.url!;
    // The branch's own code, over its own seeded database.
    const page = await (await fetch(url)).text();
    expect(page).toContain("<h1>Payments and refunds</h1>");
    expect(page).toContain("BK-1001");
    expect(page).toContain("trip cancelled by the supplier");
    expect(await (await fetch(`${url}/api/refunds`)).json()).toEqual({
      items: [{ payment_id: "3", amount_cents: 230000, reason: "trip cancelled by the supplier" }],
    });
    // It listens on loopback only (127.0.0.1), not on every interface.
    expect(listeningOn(Number(new URL(url).port))).toEqual(["0100007F"]);

    const before = view.environment!.expiresAt;
    const extended = await extendEnvironment(database.db, dev, run.environmentId, { hours: 1 }, {});
    expect(extended.expiresAt.getTime()).toBeGreaterThan(new Date(before).getTime());
    await expect(extendEnvironment(database.db, testActor("someone-else"), run.environmentId, {}, {})).rejects.toThrow(
      /owner/,
    );

    expect(await requestDestroy(database.db, dev, run.environmentId, { enqueue: queue.enqueue })).toBe("destroying");
    await queue.drain();
    const [env] = await database.db
      .select()
      .from(selfServiceEnvironments)
      .where(eq(selfServiceEnvironments.id, run.environmentId));
    expect(env.status).toBe("destroyed");
    expect(await isUp(url)).toBe(false);
    const actions = (await database.db.select().from(auditLog)).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(["environment.request", "environment.extend", "environment.destroy"]),
    );
  });

  it("sleeps (process and database stopped, data kept, hours stop) and wakes on the same data", async () => {
    const dev = testActor("sleep-dev");
    const queue = inlineQueue(database);
    const run = await createRun(
      database.db,
      dev,
      { template: "local-preview", parameters: PARAMS },
      {
        enqueue: queue.enqueue,
      },
    );
    await queue.drain();
    const id = run.environmentId;
    const awake = await getEnvironmentView(database.db, dev, id);
    expect(awake).toMatchObject({ status: "ready", asleep: false, canSleep: true, canWake: false, cost: null });
    const url = awake.url!;

    // Data written while awake, straight into the environment's own database.
    const [, db] = await stepsOf(database.db, run.id, "provision");
    const secrets = await ACTIONS["postgres:database"].revealSecrets!({
      runId: run.id,
      stepId: "db",
      database,
      log: async () => {},
      resources: db.resources,
      output: db.output,
    });
    const client = new pg.Client({ connectionString: secrets.url });
    await client.connect();
    await client.query(
      "insert into refunds (payment_id, amount_cents, reason) values (1, 100, 'written before sleep')",
    );
    await client.end();

    await expect(requestWake(database.db, dev, id, { enqueue: queue.enqueue })).rejects.toThrow(/asleep/);
    await expect(requestSleep(database.db, testActor("someone-else"), id, { enqueue: queue.enqueue })).rejects.toThrow(
      /owner/,
    );
    expect(await requestSleep(database.db, dev, id, { enqueue: queue.enqueue })).toBe("sleeping");
    expect((await getEnvironmentView(database.db, dev, id)).status).toBe("sleeping");
    await queue.drain();
    const asleep = await getEnvironmentView(database.db, dev, id);
    expect(asleep).toMatchObject({ status: "asleep", asleep: true, url: null, canWake: true, canSleep: false });
    expect(await isUp(url)).toBe(false);
    // Asleep, the hours stand still: one closed interval, none open.
    const intervals = () =>
      database.db
        .select()
        .from(environmentAwakeIntervals)
        .where(eq(environmentAwakeIntervals.environmentId, id))
        .orderBy(asc(environmentAwakeIntervals.id));
    expect((await intervals()).map((i) => i.endedAt !== null)).toEqual([true]);
    const hoursAsleep = asleep.resourceHours;
    expect((await getEnvironmentView(database.db, dev, id)).resourceHours).toBe(hoursAsleep);

    expect(await requestWake(database.db, dev, id, { enqueue: queue.enqueue })).toBe("waking");
    await queue.drain();
    const woken = await getEnvironmentView(database.db, dev, id);
    expect(woken).toMatchObject({ status: "ready", asleep: false, failureReason: null });
    expect(await isUp(woken.url!)).toBe(true);
    // The same data: the row written before sleeping is served after waking.
    expect(await (await fetch(`${woken.url}/api/refunds`)).json()).toEqual({
      items: expect.arrayContaining([{ payment_id: "1", amount_cents: 100, reason: "written before sleep" }]),
    });
    expect((await intervals()).map((i) => i.endedAt !== null)).toEqual([true, false]);

    // With a global price the hours have a cost; a template's own price wins over it.
    await database.db
      .insert(resourcePrices)
      .values({ scope: "*", pricePerHour: 2, currency: "EUR", updatedBy: "test" });
    expect((await getEnvironmentView(database.db, dev, id)).cost).toMatchObject({ currency: "EUR", pricePerHour: 2 });
    await database.db
      .insert(resourcePrices)
      .values({ scope: "local-preview", pricePerHour: 0.5, currency: "USD", updatedBy: "test" });
    expect((await getEnvironmentView(database.db, dev, id)).cost).toMatchObject({ currency: "USD", pricePerHour: 0.5 });
    await database.db.delete(resourcePrices);

    const actions = (
      await database.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.target, `environment:${id}`))
    ).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["environment.sleep", "environment.wake"]));

    expect(await requestDestroy(database.db, dev, id, { enqueue: queue.enqueue })).toBe("destroying");
    await queue.drain();
    expect(await isUp(woken.url!)).toBe(false);
    expect((await intervals()).every((i) => i.endedAt !== null)).toBe(true);
  });

  it("an asleep environment is destroyed like any other (nothing left)", async () => {
    const dev = testActor("sleep-destroy-dev");
    const queue = inlineQueue(database);
    const run = await createRun(
      database.db,
      dev,
      { template: "local-preview", parameters: { ...PARAMS, branch: "main" } },
      { enqueue: queue.enqueue },
    );
    await queue.drain();
    await requestSleep(database.db, dev, run.environmentId, { enqueue: queue.enqueue });
    await queue.drain();
    expect(await requestDestroy(database.db, dev, run.environmentId, { enqueue: queue.enqueue })).toBe("destroying");
    await queue.drain();
    expect((await getEnvironmentView(database.db, dev, run.environmentId)).status).toBe("destroyed");
  });

  it("the TTL reaper destroys an expired environment", async () => {
    const dev = testActor("reaper-dev");
    const queue = inlineQueue(database);
    const run = await createRun(
      database.db,
      dev,
      { template: "local-preview", parameters: { ...PARAMS, branch: "main" } },
      { enqueue: queue.enqueue },
    );
    await queue.drain();
    const url = (await getRunView(database.db, dev, run.id)).environment!.url!;
    expect(await isUp(url)).toBe(true);
    // Nothing has expired yet.
    expect(await reapExpiredEnvironments(database, { enqueue: queue.enqueue })).toEqual([]);
    await database.db
      .update(selfServiceEnvironments)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(selfServiceEnvironments.id, run.environmentId));
    expect(await reapExpiredEnvironments(database, { enqueue: queue.enqueue })).toEqual([run.environmentId]);
    await queue.drain();
    expect(await destroyEnvironment(database, run.environmentId)).toBe("destroyed");
    expect(await isUp(url)).toBe(false);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, "environment.destroy"));
    expect(audit.some((a) => a.actor === "system:ttl-reaper")).toBe(true);
  });

  it("probes a ready preview's health URL: healthy while it answers, down once its server is gone", async () => {
    const dev = testActor("health-dev");
    const queue = inlineQueue(database);
    const run = await createRun(
      database.db,
      dev,
      { template: "local-preview", parameters: { ...PARAMS, branch: "main" } },
      { enqueue: queue.enqueue },
    );
    await queue.drain();
    const health = async () =>
      (await listSelfServiceEnvironments(database.db, dev)).find((e) => e.id === run.environmentId)?.health;
    expect(await health()).toMatchObject({ state: "unknown", reason: expect.stringContaining("Not probed yet") });
    const [env] = await database.db
      .select()
      .from(selfServiceEnvironments)
      .where(eq(selfServiceEnvironments.id, run.environmentId));
    expect(env.healthUrl).toBe(`${env.url}/health`);

    const config = { ...readProbeConfig(), timeoutMs: 2000 };
    // Each round as if an interval had passed, so the preview is due again.
    let at = Date.now();
    const round = () => runHealthProbes(database.db, config, new Date((at += config.intervalSeconds * 1000)));
    expect(await round()).toMatchObject({ probed: 1, failed: 0 });
    expect(await health()).toMatchObject({ state: "healthy" });

    // The preview's server dies (a reboot, a crash): three failed probes in a row make it down.
    const steps = (await getRunView(database.db, dev, run.id)).steps;
    await stopProcess(Number(steps.find((s) => s.id === "server")!.output.pid));
    for (let i = 0; i < 3; i++) expect(await round()).toMatchObject({ probed: 1, failed: 1 });
    expect(await health()).toMatchObject({ state: "down", reason: expect.stringMatching(/^3 failed probes since/) });

    expect(await requestDestroy(database.db, dev, run.environmentId, { enqueue: queue.enqueue })).toBe("destroying");
    await queue.drain();
    expect(await health()).toBeUndefined();
  });
});
