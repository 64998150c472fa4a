import path from "node:path";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { auditLog, provisioningEvents, provisioningRuns } from "@/db/schema";
import { destroyEnvironment, requestDestroy } from "@/lib/provisioning/self-service-lifecycle";
import { createRun } from "./create-run";
import { executeRun } from "./engine";
import { getRunView, listTemplatesFor } from "./queries";
import { recoverAfterRestart, recoverStaleRuns } from "./recover-runs";
import { cancelRun, decideApproval, retryRun } from "./run-commands";
import { inlineQueue, testActor } from "./testing";

const saved = { ...process.env };

async function messages(database: Database, runId: string) {
  return (
    await database.db
      .select()
      .from(provisioningEvents)
      .where(eq(provisioningEvents.runId, runId))
      .orderBy(asc(provisioningEvents.id))
  ).map((e) => e.message);
}

async function until(check: () => Promise<boolean>, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(testDatabases())("the run engine on $name", (target) => {
  let database: Database;
  beforeAll(async () => {
    process.env.PORTOLAN_TEMPLATES_DIR = path.join(import.meta.dirname, "test-templates");
    database = await target.open();
  });
  afterAll(async () => {
    process.env = { ...saved };
    await database.close();
  });

  it("rolls back the done steps when a middle step fails, and retries from the failed step", async () => {
    process.env.PORTOLAN_SECRET_FAIL_STEP = "true";
    const dev = testActor("dev");
    const queue = inlineQueue(database);
    const { id, environmentId } = await createRun(
      database.db,
      dev,
      { template: "test-rollback", parameters: {} },
      { enqueue: queue.enqueue },
    );
    await queue.drain();
    let view = await getRunView(database.db, dev, id);
    expect(view.status).toBe("failed");
    expect(view.error).toContain('step "Boom" failed: exploded');
    expect(view.steps.map((s) => [s.id, s.status])).toEqual([
      ["first", "rolled_back"],
      ["pause", "succeeded"],
      ["boom", "failed"],
      ["last", "pending"],
    ]);
    expect(view.environment).toMatchObject({ id: environmentId, status: "failed" });
    const log = await messages(database, id);
    expect(log).toContain("undo: first for main");

    process.env.PORTOLAN_SECRET_FAIL_STEP = "false";
    await expect(retryRun(database.db, testActor("mallory"), id, { enqueue: queue.enqueue })).rejects.toThrow(
      /Only the person/,
    );
    await retryRun(database.db, dev, id, { enqueue: queue.enqueue });
    await queue.drain();
    view = await getRunView(database.db, dev, id);
    expect(view.status).toBe("succeeded");
    // The rolled-back step ran again; the step with nothing to undo was not repeated.
    expect(Object.fromEntries(view.steps.map((s) => [s.id, s.attempts]))).toEqual({
      first: 2,
      pause: 1,
      boom: 2,
      last: 1,
    });
    expect(view.environment?.status).toBe("ready");
  });

  it("cancels a running run: the step stops, done steps are undone, the environment is gone", async () => {
    const dev = testActor("canceller");
    const queue = inlineQueue(database);
    const { id } = await createRun(
      database.db,
      dev,
      { template: "test-slow", parameters: { seconds: 30 } },
      { enqueue: queue.enqueue },
    );
    const running = executeRun(database, id, { heartbeatMs: 100 });
    await until(async () => (await getRunView(database.db, dev, id)).steps[1].status === "running");
    expect(await cancelRun(database.db, dev, id, { enqueue: queue.enqueue })).toBe("running");
    // Being torn down from the moment the cancel lands (the worker may already have finished).
    expect(["destroying", "destroyed"]).toContain((await getRunView(database.db, dev, id)).environment?.status);
    expect(await running).toBe("cancelled");
    const view = await getRunView(database.db, dev, id);
    expect(view.status).toBe("cancelled");
    expect(view.steps.map((s) => s.status)).toEqual(["rolled_back", "cancelled"]);
    expect(view.environment?.status).toBe("destroyed");
  });

  it("destroying an environment mid-run cancels the run, undoes the done steps, then runs the template's teardown once", async () => {
    const dev = testActor("destroyer");
    const queue = inlineQueue(database);
    const { id, environmentId } = await createRun(
      database.db,
      dev,
      { template: "test-slow-teardown", parameters: { seconds: 30, branch: "destroyer" } },
      { enqueue: queue.enqueue },
    );
    const running = executeRun(database, id, { heartbeatMs: 100 });
    await until(async () => (await getRunView(database.db, dev, id)).steps[1].status === "running");
    expect(await requestDestroy(database.db, dev, environmentId, { enqueue: queue.enqueue })).toBe("destroying");
    expect(
      await requestDestroy(database.db, testActor("admin", "admin"), environmentId, { enqueue: queue.enqueue }),
    ).toBe("destroying");
    // The worker holding the run tears down: no destroy job was sent, and one that ran anyway would wait.
    expect(queue.sent.map((j) => j.name)).not.toContain("environment-destroy");
    expect(await destroyEnvironment(database, environmentId)).toBe("destroying");
    expect(await running).toBe("cancelled");
    expect(await destroyEnvironment(database, environmentId)).toBe("destroyed");

    const view = await getRunView(database.db, dev, id);
    expect(view.status).toBe("cancelled");
    expect(view.steps.map((s) => [s.phase, s.id, s.status])).toEqual([
      ["provision", "mark", "rolled_back"],
      ["provision", "wait", "cancelled"],
      ["teardown", "release", "succeeded"],
    ]);
    expect(view.environment).toMatchObject({ id: environmentId, status: "destroyed" });
    const log = await messages(database, id);
    const count = (text: string) => log.filter((m) => m === text).length;
    expect([count("undo: marked destroyer"), count("teardown: released marked destroyer")]).toEqual([1, 1]);
    expect(log.filter((m) => m.startsWith("destroy requested by"))).toHaveLength(1);
    // The teardown step ran after the running step had stopped and the done step was undone.
    expect(log.indexOf("teardown: released marked destroyer")).toBeGreaterThan(log.indexOf("undo: marked destroyer"));
    expect(log.at(-1)).toBe("run cancelled; what was started has been removed");
  });

  it("a destroy that lands while the last step is finishing wins over ready", async () => {
    const dev = testActor("late-destroyer");
    const queue = inlineQueue(database);
    const { id, environmentId } = await createRun(
      database.db,
      dev,
      { template: "test-slow-teardown", parameters: { seconds: 4, branch: "late" } },
      { enqueue: queue.enqueue },
    );
    // No heartbeat during the step, so the worker only learns of the destroy when it finishes the run.
    // The step lasts long enough for one poll and one request to land inside it on a loaded machine.
    const running = executeRun(database, id, { heartbeatMs: 60_000 });
    await until(async () => (await getRunView(database.db, dev, id)).steps[1].status === "running");
    expect(await requestDestroy(database.db, dev, environmentId, { enqueue: queue.enqueue })).toBe("destroying");
    expect(await running).toBe("cancelled");
    const view = await getRunView(database.db, dev, id);
    expect(view.environment).toMatchObject({ status: "destroyed", url: null });
    expect(view.steps.map((s) => [s.id, s.status])).toEqual([
      ["mark", "rolled_back"],
      ["wait", "succeeded"],
      ["release", "succeeded"],
    ]);
    expect(queue.sent.map((j) => j.name)).not.toContain("environment-destroy");
    const log = await messages(database, id);
    expect(log.some((m) => m.startsWith("ready"))).toBe(false);
  });

  it("a failed run's environment is destroyed with the template's teardown, and cannot be retried afterwards", async () => {
    process.env.PORTOLAN_SECRET_FAIL_STEP = "true";
    const dev = testActor("failed-destroyer");
    const queue = inlineQueue(database);
    const { id, environmentId } = await createRun(
      database.db,
      dev,
      { template: "test-rollback", parameters: { branch: "gone" } },
      { enqueue: queue.enqueue },
    );
    await queue.drain();
    expect((await getRunView(database.db, dev, id)).environment?.status).toBe("failed");
    expect(await requestDestroy(database.db, dev, environmentId, { enqueue: queue.enqueue })).toBe("destroying");
    expect(queue.pending.map((j) => j.name)).toEqual(["environment-destroy"]);
    await queue.drain();
    const view = await getRunView(database.db, dev, id);
    expect(view.environment?.status).toBe("destroyed");
    expect(view.steps.filter((s) => s.phase === "teardown").map((s) => [s.id, s.status])).toEqual([
      ["bye", "succeeded"],
    ]);
    await expect(retryRun(database.db, dev, id, { enqueue: queue.enqueue })).rejects.toMatchObject({
      code: "conflict:run",
    });
    expect((await getRunView(database.db, dev, id)).status).toBe("failed");
  });

  it("resumes a run whose worker stopped beating, on another worker", async () => {
    const dev = testActor("resumer");
    const queue = inlineQueue(database);
    const { id } = await createRun(
      database.db,
      dev,
      { template: "test-slow", parameters: { seconds: 0.05 } },
      { enqueue: queue.enqueue },
    );
    // A worker that claimed the run and died mid-step: running, stale heartbeat.
    await database.db
      .update(provisioningRuns)
      .set({ status: "running", workerId: "dead", heartbeatAt: new Date(Date.now() - 60_000) })
      .where(eq(provisioningRuns.id, id));
    queue.pending.length = 0;
    const recovered = await recoverStaleRuns(database, { enqueue: queue.enqueue, timeoutMs: 5000 });
    expect(recovered.resumed).toEqual([id]);
    await queue.drain();
    expect((await getRunView(database.db, dev, id)).status).toBe("succeeded");
    expect((await recoverStaleRuns(database, { enqueue: queue.enqueue, timeoutMs: 5000 })).resumed).toEqual([]);
  });

  it("at start on the embedded database, a run the previous process left running resumes at once; on PostgreSQL it waits for the heartbeat timeout", async () => {
    const dev = testActor("restarter");
    const queue = inlineQueue(database);
    const { id } = await createRun(
      database.db,
      dev,
      { template: "test-slow", parameters: { seconds: 0.05 } },
      { enqueue: queue.enqueue },
    );
    // Beating a second ago: well inside the 30 s timeout, but before this "process" started.
    await database.db
      .update(provisioningRuns)
      .set({ status: "running", workerId: "previous-process", heartbeatAt: new Date(Date.now() - 1000) })
      .where(eq(provisioningRuns.id, id));
    queue.pending.length = 0;
    expect((await recoverStaleRuns(database, { enqueue: queue.enqueue })).resumed).toEqual([]);
    // As if the data directory had just been opened by a new process.
    const recovered = await recoverAfterRestart({ ...database, openedAt: new Date() }, { enqueue: queue.enqueue });
    if (target.name === "embedded") {
      expect(recovered.resumed).toEqual([id]);
      await queue.drain();
      expect((await getRunView(database.db, dev, id)).status).toBe("succeeded");
    } else {
      expect(recovered.resumed).toEqual([]);
      expect((await getRunView(database.db, dev, id)).status).toBe("running");
    }
  });

  it("guardrails: who may use a template (403), approval with a comment, quota (409 naming the limit and environments)", async () => {
    const queue = inlineQueue(database);
    const dev = testActor("plain-dev");
    const admin = testActor("boss", "admin");
    await expect(
      createRun(
        database.db,
        dev,
        { template: "test-guarded", parameters: { branch: "x" } },
        { enqueue: queue.enqueue },
      ),
    ).rejects.toMatchObject({ code: "forbidden:template" });
    await expect(
      createRun(
        database.db,
        testActor("v", "viewer"),
        { template: "test-noop", parameters: {} },
        { enqueue: queue.enqueue },
      ),
    ).rejects.toMatchObject({ code: "forbidden:auth" });
    await expect(
      createRun(
        database.db,
        admin,
        { template: "test-guarded", parameters: { branch: "Bad Branch" } },
        { enqueue: queue.enqueue },
      ),
    ).rejects.toMatchObject({
      code: "unprocessable:parameters",
      details: [expect.objectContaining({ field: "branch" })],
    });

    const first = await createRun(
      database.db,
      admin,
      { template: "test-guarded", parameters: { branch: "one" } },
      { enqueue: queue.enqueue },
    );
    expect(first.status).toBe("awaiting_approval");
    expect(queue.pending).toHaveLength(0);
    const quota = await createRun(
      database.db,
      admin,
      { template: "test-guarded", parameters: { branch: "two" } },
      { enqueue: queue.enqueue },
    ).catch((e) => e);
    expect(quota.code).toBe("conflict:quota");
    expect(quota.details[0]).toMatchObject({
      limit: "perUser",
      max: 1,
      environments: [expect.objectContaining({ id: first.environmentId })],
    });

    await expect(
      decideApproval(database.db, dev, first.id, { approve: true }, { enqueue: queue.enqueue }),
    ).rejects.toMatchObject({ code: "forbidden:approval" });
    const lead = testActor("lead");
    expect(
      await decideApproval(
        database.db,
        lead,
        first.id,
        { approve: true, comment: "go ahead" },
        { enqueue: queue.enqueue },
      ),
    ).toBe("queued");
    await queue.drain();
    const view = await getRunView(database.db, admin, first.id);
    expect(view).toMatchObject({
      status: "succeeded",
      approval: { status: "approved", by: "user:lead", comment: "go ahead" },
    });

    const rejected = await createRun(
      database.db,
      testActor("boss2", "admin"),
      { template: "test-guarded", parameters: { branch: "three" } },
      { enqueue: queue.enqueue },
    );
    await decideApproval(
      database.db,
      lead,
      rejected.id,
      { approve: false, comment: "not now" },
      { enqueue: queue.enqueue },
    );
    expect((await getRunView(database.db, admin, rejected.id)).environment).toMatchObject({
      status: "failed",
      failureReason: "rejected by lead: not now",
    });
    const actions = (await database.db.select().from(auditLog)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["environment.request", "run.approve", "run.reject"]));
  });

  it("offers only usable templates and reports a broken one with its file, field and reason to admins", async () => {
    const { items, problems } = await listTemplatesFor(database.db, testActor("admin", "admin"));
    expect(items.map((t) => t.name)).toEqual(expect.arrayContaining(["test-noop", "test-guarded"]));
    expect(items.map((t) => t.name)).not.toContain("test-broken");
    expect(problems).toEqual([
      expect.objectContaining({
        name: "test-broken",
        source: { kind: "file", file: expect.stringContaining("broken.yaml") },
        problems: [expect.objectContaining({ field: "spec.steps.0.action" })],
      }),
    ]);
    const dev = await listTemplatesFor(database.db, testActor("d"));
    expect(dev.items.map((t) => t.name)).not.toContain("test-guarded");
    expect(dev.problems).toEqual([]);
  });
});
