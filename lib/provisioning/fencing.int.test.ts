// A worker that lost its run (stale recovery handed it to another) must not write that run any more.
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { provisioningEvents, provisioningRuns, provisioningSteps } from "@/db/schema";
import { createRun } from "./create-run";
import { executeRun } from "./engine";
import { recoverStaleRuns } from "./recover-runs";
import { appendHeldEvent, LostRun, startRun, updateStep } from "./run-store";
import { inlineQueue, testActor } from "./testing";

const saved = { ...process.env };

async function until(check: () => Promise<boolean>, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.each(testDatabases())("fencing a run's writes by its holder on $name", (target) => {
  let database: Database;
  beforeAll(async () => {
    process.env.PORTOLAN_TEMPLATES_DIR = path.join(import.meta.dirname, "test-templates");
    process.env.PORTOLAN_LOCAL_ACTIONS = "true";
    database = await target.open();
  });
  afterAll(async () => {
    process.env = { ...saved };
    await database.close();
  });

  const step = async (runId: string, position: number) =>
    (await database.db.select().from(provisioningSteps).where(eq(provisioningSteps.runId, runId))).find(
      (s) => s.phase === "provision" && s.position === position,
    )!;

  /**
   * Worker 1 claims and starts the step; its heartbeat goes stale; recovery hands the run on and worker 2
   * claims it and starts the step again — worker 2 is driven by hand here, so its step stays running for
   * as long as the test looks at it (no race with a clock).
   */
  async function handOver(template: string, parameters: Record<string, unknown>, position: number) {
    const dev = testActor(`fence-${template}-${Math.random().toString(36).slice(2, 8)}`);
    const queue = inlineQueue(database);
    const { id } = await createRun(database.db, dev, { template, parameters }, { enqueue: queue.enqueue });
    // No heartbeat during the test: worker 1 only finds out through its own writes.
    const worker1 = executeRun(database, id, { workerId: "worker-1", heartbeatMs: 600_000 });
    await until(async () => (await step(id, position)).status === "running");
    await database.db
      .update(provisioningRuns)
      .set({ heartbeatAt: new Date(Date.now() - 120_000) })
      .where(eq(provisioningRuns.id, id));
    expect((await recoverStaleRuns(database, { enqueue: queue.enqueue, timeoutMs: 30_000 })).resumed).toEqual([id]);
    // Worker 2's claim and step start, as startRun and startStep write them.
    const [claimed] = await database.db
      .update(provisioningRuns)
      .set({
        status: "running",
        workerId: "worker-2",
        claim: sql`${provisioningRuns.claim} + 1`,
        heartbeatAt: new Date(),
      })
      .where(and(eq(provisioningRuns.id, id), eq(provisioningRuns.status, "queued")))
      .returning({ claim: provisioningRuns.claim });
    await database.db
      .update(provisioningSteps)
      .set({
        status: "running",
        attempts: sql`${provisioningSteps.attempts} + 1`,
        startedAt: new Date(),
        finishedAt: null,
        error: null,
        resources: null,
      })
      .where(
        and(
          eq(provisioningSteps.runId, id),
          eq(provisioningSteps.phase, "provision"),
          eq(provisioningSteps.position, position),
        ),
      );
    return { id, worker1, hold2: { runId: id, claim: claimed.claim }, step2: await step(id, position) };
  }

  it("worker 1's late success does not overwrite worker 2's running step, and worker 1 stops quietly", async () => {
    const { id, worker1, hold2, step2 } = await handOver("test-slow", { seconds: 4 }, 1);
    // Worker 1's step finishes: its writes are refused and it gives up without a trace.
    expect(await worker1).toBeNull();
    expect(await step(id, 1)).toMatchObject({ status: "running", attempts: 2, error: null, finishedAt: null });
    const [run] = await database.db.select().from(provisioningRuns).where(eq(provisioningRuns.id, id));
    expect(run).toMatchObject({ status: "running", workerId: "worker-2", finishedAt: null });
    const log = (await database.db.select().from(provisioningEvents).where(eq(provisioningEvents.runId, id))).map(
      (e) => e.message,
    );
    expect(log.some((m) => m.startsWith("ready"))).toBe(false);
    // Worker 2 still holds it.
    await updateStep(database.db, hold2, step2, { status: "succeeded" });
    expect((await step(id, 1)).status).toBe("succeeded");
  });

  it("worker 1's late failure does not overwrite worker 2's running step, nor roll back or fail the run", async () => {
    const { id, worker1 } = await handOver("test-late-fail", {}, 0);
    expect(await worker1).toBeNull();
    expect(await step(id, 0)).toMatchObject({ status: "running", attempts: 2, error: null });
    const [run] = await database.db.select().from(provisioningRuns).where(eq(provisioningRuns.id, id));
    expect(run).toMatchObject({ status: "running", workerId: "worker-2", error: null, finishedAt: null });
    const log = (await database.db.select().from(provisioningEvents).where(eq(provisioningEvents.runId, id))).map(
      (e) => e.message,
    );
    expect(log.filter((m) => m.startsWith("run failed") || m.startsWith("failed: "))).toEqual([]);
  });

  it("every write of a holder is refused once the run was claimed again", async () => {
    const dev = testActor("fence-direct");
    const queue = inlineQueue(database);
    const { id } = await createRun(
      database.db,
      dev,
      { template: "test-noop", parameters: {} },
      { enqueue: queue.enqueue },
    );
    const first = await startRun(database.db, id, "worker-1");
    await database.db.update(provisioningRuns).set({ status: "queued" }).where(eq(provisioningRuns.id, id));
    const second = await startRun(database.db, id, "worker-2");
    expect(second!.run.claim).toBeGreaterThan(first!.run.claim);
    const oldHold = { runId: id, claim: first!.run.claim };
    await expect(updateStep(database.db, oldHold, first!.steps[0], { status: "succeeded" })).rejects.toBeInstanceOf(
      LostRun,
    );
    await expect(appendHeldEvent(database.db, oldHold, "late line")).rejects.toBeInstanceOf(LostRun);
    expect((await step(id, 0)).status).toBe("pending");
    await updateStep(database.db, { runId: id, claim: second!.run.claim }, second!.steps[0], { status: "succeeded" });
    expect((await step(id, 0)).status).toBe("succeeded");
  });
});
