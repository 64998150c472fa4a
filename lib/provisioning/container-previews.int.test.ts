// Container previews against a real engine (Docker, or Podman's service: DOCKER_HOST), loopback only.
// Skipped when no engine answers, unless PORTOLAN_REQUIRE_CONTAINERS=true (CI), which makes that a failure.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { selfServiceEnvironments } from "@/db/schema";
import { engine, isEngineReachable } from "@/lib/previews/containers/engine";
import { busyboxRepository, engineObjectsOf } from "@/lib/previews/testing";
import { requestDestroy } from "./self-service-lifecycle";
import { requestSleep, requestWake } from "./sleep-wake";
import { createRun } from "./create-run";
import { getEnvironmentView, getRunView, listSelfServiceEnvironments, listRunEvents } from "./queries";
import { ACTIONS } from "./actions";
import { reconcileContainers } from "./reconcile-containers";
import { stepsOf } from "./run-store";
import { importPreviewComponents, staticSitePreviews } from "@/lib/demo/testing";
import { inlineQueue, removePreviewsDir, testActor } from "./testing";
import type { Actor } from "@/lib/access/permissions";

const reachable = await isEngineReachable();
// Builds and the first import of the Node base image take a while on a busy machine.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 120_000 });
if (!reachable && process.env.PORTOLAN_REQUIRE_CONTAINERS === "true")
  throw new Error("PORTOLAN_REQUIRE_CONTAINERS=true, but no container engine answers at DOCKER_HOST");

async function page(url: string, suffix = "") {
  const response = await fetch(`${url}${suffix}`);
  return response.text();
}

/**
 * Which of these preview databases (and their roles) exist on the server. Only this test's own names:
 * other test files make pv_ databases on the same server at the same time.
 */
async function existingPreviewDatabases(names: string[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const dbs = await client.query("select datname from pg_database where datname = any($1)", [names]);
    const roles = await client.query("select rolname from pg_roles where rolname = any($1)", [names]);
    return [...dbs.rows.map((r) => `database ${r.datname}`), ...roles.rows.map((r) => `role ${r.rolname}`)];
  } finally {
    await client.end();
  }
}

/** The names of the databases a run's postgres:database steps made. */
async function databasesOf(database: Database, runId: string): Promise<string[]> {
  return (await stepsOf(database.db, runId, "provision"))
    .filter((step) => step.action === "postgres:database")
    .map((step) => String((step.resources as { name?: string } | null)?.name));
}

describe.skipIf(!reachable).each(testDatabases())("container previews on $name", (target) => {
  let database: Database;
  const prior = { ...process.env };
  // Made when the suite runs: a suite skipped (no container engine) would leave it behind.
  let previews = "";
  const dev = testActor("container-dev");
  beforeAll(async () => {
    previews = fs.mkdtempSync(path.join(os.tmpdir(), "portolan-previews-"));
    process.env.PORTOLAN_PREVIEWS_DIR = previews;
    database = await target.open();
    await importPreviewComponents(database, ["payment-gateway"]);
  });
  afterAll(async () => {
    process.env = prior;
    await database?.close();
    await removePreviewsDir(previews);
  });

  const start = async (branch: string, component = "component:default/payment-gateway") => {
    const queue = inlineQueue(database);
    const run = await createRun(
      database.db,
      dev,
      { template: "container-preview", parameters: { component, branch } },
      { enqueue: queue.enqueue },
    );
    await queue.drain();
    return { run, queue, view: await getRunView(database.db, dev, run.id) };
  };

  it("previews two branches side by side, each its own code over its own seeded database, and leaves nothing behind", async () => {
    const main = await start("main");
    const feature = await start("feature/refunds");
    for (const { view } of [main, feature]) {
      expect(view.status, JSON.stringify((await listRunEvents(database.db, dev, view.id)).slice(-5))).toBe("succeeded");
      expect(view.environment?.url).toMatch(/^http:\/\/localhost:\d+$/);
    }
    const mainPage = await page(main.view.environment!.url!);
    const featurePage = await page(feature.view.environment!.url!);
    expect(mainPage).toContain("<h1>Payments</h1>");
    expect(mainPage).toContain("BK-1002");
    expect(featurePage).toContain("<h1>Payments and refunds</h1>");
    expect(featurePage).toContain("trip cancelled by the supplier");
    expect((await fetch(`${main.view.environment!.url}/api/refunds`)).status).toBe(404);
    // Each has its own database: a write in one is not seen by the other.
    expect(JSON.parse(await page(feature.view.environment!.url!, "/api/payments")).items).toHaveLength(3);
    // Labelled engine objects exist for the run while it lives; the connection string never reached the log.
    expect((await engineObjectsOf(main.run.id)).containers).toHaveLength(1);
    const log = JSON.stringify(await listRunEvents(database.db, dev, main.run.id));
    expect(log).toContain("building Dockerfile");
    expect(log).not.toMatch(/postgres(ql)?:\/\/[^"]*:[^"*]+@/);

    const databases = [...(await databasesOf(database, main.run.id)), ...(await databasesOf(database, feature.run.id))];
    expect(databases).toHaveLength(2);
    if (target.name === "postgres") expect(await existingPreviewDatabases(databases)).toHaveLength(4);

    for (const { run, queue } of [main, feature]) {
      expect(await requestDestroy(database.db, dev, run.environmentId, { enqueue: queue.enqueue })).toBe("destroying");
      await queue.drain();
      const [env] = await database.db
        .select()
        .from(selfServiceEnvironments)
        .where(eq(selfServiceEnvironments.id, run.environmentId));
      expect(env.status).toBe("destroyed");
      expect(await engineObjectsOf(run.id)).toEqual({ containers: [], networks: [], volumes: [], images: [] });
    }
    for (const kind of ["work", "db"]) expect(fs.readdirSync(path.join(previews, kind))).toEqual([]);
    if (target.name === "postgres") expect(await existingPreviewDatabases(databases)).toEqual([]);
  });
});

describe.skipIf(!reachable)("container previews: failures and the reconcile", () => {
  let fixture: Awaited<ReturnType<typeof staticSitePreviews>>;
  let database: Database;
  let previews: string;
  let dev: Actor;
  let start: typeof fixture.start;
  beforeAll(async () => {
    fixture = await staticSitePreviews({ "branch-a": "<h1>Branch A</h1>", "branch-b": "<h1>Branch B</h1>" });
    ({ database, previews, owner: dev, start } = fixture);
  });
  afterAll(async () => {
    await fixture?.close();
  });

  it("serves branch A and branch B of a FROM-scratch repository, each its own page", async () => {
    const a = await start("branch-a");
    const b = await start("branch-b");
    expect(await page(a.view.environment!.url!)).toBe("<h1>Branch A</h1>\n");
    expect(await page(b.view.environment!.url!)).toBe("<h1>Branch B</h1>\n");

    // Sleep stops the container (keeping it), wake starts it again on a port read anew; restart too (the hook).
    expect(await requestSleep(database.db, dev, a.run.environmentId, { enqueue: a.queue.enqueue })).toBe("sleeping");
    await a.queue.drain();
    expect(await getEnvironmentView(database.db, dev, a.run.environmentId)).toMatchObject({ status: "asleep" });
    await expect(fetch(a.view.environment!.url!)).rejects.toThrow();
    expect(await requestWake(database.db, dev, a.run.environmentId, { enqueue: a.queue.enqueue })).toBe("waking");
    await a.queue.drain();
    const woken = await getEnvironmentView(database.db, dev, a.run.environmentId);
    expect(woken).toMatchObject({ status: "ready", asleep: false });
    expect(await page(woken.url!)).toBe("<h1>Branch A</h1>\n");
    const [, , , app] = await stepsOf(database.db, a.run.id, "provision");
    const hooks = ACTIONS["container:run"];
    const context = {
      runId: a.run.id,
      stepId: "app",
      database,
      log: async () => {},
      resources: app.resources,
      output: app.output,
    };
    const restarted = (await hooks.restart!(context)) as { url: string };
    await expect.poll(() => page(restarted.url).catch(() => ""), { timeout: 20_000 }).toBe("<h1>Branch A</h1>\n");

    for (const { run, queue } of [a, b]) {
      await requestDestroy(database.db, dev, run.environmentId, { enqueue: queue.enqueue });
      await queue.drain();
      expect(await engineObjectsOf(run.id)).toEqual({ containers: [], networks: [], volumes: [], images: [] });
    }
  });

  it("a failing build fails the step with the build's log, and what was made is removed", async () => {
    const { run, view } = await start("broken");
    expect(view.status).toBe("failed");
    const image = view.steps.find((s) => s.id === "image")!;
    expect(image.status).toBe("failed");
    expect(image.error).toMatch(/the image build failed/);
    expect(image.error).toMatch(/no-such-file/);
    expect(JSON.stringify(await listRunEvents(database.db, dev, run.id))).toMatch(/COPY no-such-file/);
    expect(await engineObjectsOf(run.id)).toEqual({ containers: [], networks: [], volumes: [], images: [] });
    expect(fs.readdirSync(path.join(previews, "work"))).toEqual([]);
  });

  it("a container killed behind the portal's back is shown down with the reason; leftovers of gone environments are removed", async () => {
    const { run, queue, view } = await start("branch-a");
    expect(view.status).toBe("succeeded");
    const [container] = (await engine().listContainers({ filters: { label: [`dev.portolan.run=${run.id}`] } })).map(
      (c) => c.Id,
    );
    await engine().getContainer(container).kill();
    const report = await reconcileContainers(database);
    expect(report.down).toEqual([
      { environmentId: run.environmentId, reason: expect.stringMatching(/is not running \(exited/) },
    ]);
    const env = (await listSelfServiceEnvironments(database.db, dev)).find((e) => e.id === run.environmentId);
    expect(env?.health).toMatchObject({
      state: "down",
      reason: expect.stringMatching(/container portolan-.* is not running/),
    });

    // The portal loses track of the environment (destroyed in the database only): its objects are leftovers.
    await database.db
      .update(selfServiceEnvironments)
      .set({ status: "destroyed" })
      .where(eq(selfServiceEnvironments.id, run.environmentId));
    const cleaned = await reconcileContainers(database);
    expect([...new Set(cleaned.removed.map((r) => r.kind))].sort()).toEqual(["container", "image", "network"]);
    expect(await engineObjectsOf(run.id)).toEqual({ containers: [], networks: [], volumes: [], images: [] });
    void queue;
  });
});

describe.skipIf(!reachable)("compose:up", () => {
  let database: Database;
  const prior = { ...process.env };
  // Made when the suite runs: a suite skipped (no container engine) would leave it behind.
  let previews = "";
  const dev = testActor("compose-dev");
  beforeAll(async () => {
    previews = fs.mkdtempSync(path.join(os.tmpdir(), "portolan-previews-"));
    process.env.PORTOLAN_PREVIEWS_DIR = previews;
    process.env.PORTOLAN_TEMPLATES_DIR = path.join(import.meta.dirname, "test-templates");
    database = await testDatabases()[0].open();
    await importPreviewComponents(database, ["static-site"], { gitUrl: await busyboxRepository({}) });
  });
  afterAll(async () => {
    process.env = prior;
    await database?.close();
    await removePreviewsDir(previews);
  });

  it("builds and runs a compose file's services on one network with a named volume; teardown removes all of it", async () => {
    const queue = inlineQueue(database);
    const run = await createRun(
      database.db,
      dev,
      { template: "test-compose", parameters: { component: "component:default/static-site", branch: "compose" } },
      { enqueue: queue.enqueue },
    );
    await queue.drain();
    const view = await getRunView(database.db, dev, run.id);
    expect(view.status, JSON.stringify((await listRunEvents(database.db, dev, run.id)).slice(-5))).toBe("succeeded");
    expect(view.steps.find((s) => s.id === "stack")!.output.services).toEqual(["writer", "web"]);
    await expect.poll(() => page(view.environment!.url!), { timeout: 20_000 }).toBe("from-the-writer\n");
    const objects = await engineObjectsOf(run.id);
    expect(objects.containers).toHaveLength(2);
    expect(objects.volumes).toHaveLength(1);
    await requestDestroy(database.db, dev, run.environmentId, { enqueue: queue.enqueue });
    await queue.drain();
    expect(await engineObjectsOf(run.id)).toEqual({ containers: [], networks: [], volumes: [], images: [] });
  });
});
