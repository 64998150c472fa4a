import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { auditLog, selfServiceEnvironments } from "@/db/schema";
import { destroyEnvironment, extendEnvironment, reapExpiredEnvironments, requestDestroy } from "@/lib/environments/self-service-lifecycle";
import { createRun } from "./create-run";
import { getRunView } from "./queries";
import { inlineQueue, testActor } from "./testing";

const PARAMS = { component: "component:default/payment-gateway", branch: "feature/login" };

async function isUp(url: string) {
  try {
    return (await fetch(`${url}/health`)).ok;
  } catch {
    return false;
  }
}

describe.each(testDatabases())("the local preview template on $name", (target) => {
  let database: Database;
  const prior = process.env.PORTOLAN_LOCAL_ACTIONS;
  beforeAll(async () => {
    process.env.PORTOLAN_LOCAL_ACTIONS = "true";
    database = await target.open();
  });
  afterAll(async () => {
    if (prior === undefined) delete process.env.PORTOLAN_LOCAL_ACTIONS;
    else process.env.PORTOLAN_LOCAL_ACTIONS = prior;
    await database.close();
  });

  it("runs to ready with a working URL, extends, and is destroyed (URL gone)", async () => {
    const dev = testActor("dev");
    const queue = inlineQueue(database);
    const run = await createRun(database.db, dev, { template: "local-preview", parameters: PARAMS }, { enqueue: queue.enqueue });
    expect(run.status).toBe("queued");
    await queue.drain();
    const view = await getRunView(database.db, dev, run.id);
    expect(view.status).toBe("succeeded");
    expect(view.steps.map((s) => s.status)).toEqual(["succeeded", "succeeded"]);
    expect(view.environment?.status).toBe("ready");
    const url = view.environment!.url!;
    const page = await (await fetch(url)).text();
    expect(page).toContain("payment-gateway");
    expect(page).toContain("feature/login");

    const before = view.environment!.expiresAt;
    const extended = await extendEnvironment(database.db, dev, run.environmentId, { hours: 1 }, {});
    expect(extended.expiresAt.getTime()).toBeGreaterThan(new Date(before).getTime());
    await expect(extendEnvironment(database.db, testActor("someone-else"), run.environmentId, {}, {})).rejects.toThrow(/owner/);

    expect(await requestDestroy(database.db, dev, run.environmentId, { enqueue: queue.enqueue })).toBe("destroying");
    await queue.drain();
    const [env] = await database.db.select().from(selfServiceEnvironments).where(eq(selfServiceEnvironments.id, run.environmentId));
    expect(env.status).toBe("destroyed");
    expect(await isUp(url)).toBe(false);
    const actions = (await database.db.select().from(auditLog)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["environment.request", "environment.extend", "environment.destroy"]));
  });

  it("the TTL reaper destroys an expired environment", async () => {
    const dev = testActor("reaper-dev");
    const queue = inlineQueue(database);
    const run = await createRun(database.db, dev, { template: "local-preview", parameters: { ...PARAMS, branch: "ttl" } }, { enqueue: queue.enqueue });
    await queue.drain();
    const url = (await getRunView(database.db, dev, run.id)).environment!.url!;
    expect(await isUp(url)).toBe(true);
    // Nothing has expired yet.
    expect(await reapExpiredEnvironments(database, { enqueue: queue.enqueue })).toEqual([]);
    await database.db.update(selfServiceEnvironments).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(selfServiceEnvironments.id, run.environmentId));
    expect(await reapExpiredEnvironments(database, { enqueue: queue.enqueue })).toEqual([run.environmentId]);
    await queue.drain();
    expect(await destroyEnvironment(database, run.environmentId)).toBe("destroyed");
    expect(await isUp(url)).toBe(false);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, "environment.destroy"));
    expect(audit.some((a) => a.actor === "system:ttl-reaper")).toBe(true);
  });
});
