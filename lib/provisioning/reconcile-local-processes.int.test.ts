// Preview processes that outlived the portal, met again at worker start: real processes, real /proc.
import { spawn } from "node:child_process";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { provisioningEvents, provisioningSteps, selfServiceEnvironments } from "@/db/schema";
import { startWorker, type Queue } from "@/lib/jobs/queue";
import { stopProcess } from "./actions/local-process";
import { createRun } from "./create-run";
import { PROVISIONING_JOBS } from "./jobs";
import { MARKER, portalInstanceId } from "./process-marker";
import { getRunView, listSelfServiceEnvironments } from "./queries";
import { reconcileLocalProcesses } from "./reconcile-local-processes";
import { inlineQueue, testActor } from "./testing";

const PARAMS = { component: "component:default/payment-gateway", branch: "reconcile" };

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(check: () => boolean | Promise<boolean>, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A long-running process in its own group, as local:process starts them, with the given environment. */
async function startMarked(env: Record<string, string>): Promise<number> {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], {
    detached: true,
    stdio: "ignore",
    env: { PATH: process.env.PATH ?? "", ...env } as unknown as NodeJS.ProcessEnv,
  });
  await new Promise((resolve, reject) => child.once("spawn", resolve).once("error", reject));
  child.unref();
  return child.pid!;
}

async function answers(url: string) {
  try {
    return (await fetch(`${url}/health`)).ok;
  } catch {
    return false;
  }
}

describe.each(testDatabases())("local processes at worker start on $name", (target) => {
  let database: Database;
  let queue: Queue | undefined;
  const strays: number[] = [];
  const saved = { ...process.env };
  beforeAll(async () => {
    process.env.PORTOLAN_LOCAL_ACTIONS = "true";
    process.env.PORTOLAN_TEMPLATES_DIR = path.join(import.meta.dirname, "test-templates");
    database = await target.open();
  });
  afterAll(async () => {
    await queue?.stop();
    for (const pid of strays) await stopProcess(pid, 500);
    await database.close();
    process.env = saved;
  });

  async function ready(login: string) {
    const dev = testActor(login);
    const inline = inlineQueue(database);
    const run = await createRun(
      database.db,
      dev,
      { template: "test-local-server", parameters: { ...PARAMS, branch: login } },
      { enqueue: inline.enqueue },
    );
    await inline.drain();
    const view = await getRunView(database.db, dev, run.id);
    expect(view.environment?.status).toBe("ready");
    const pid = Number(view.steps[0].output.pid);
    strays.push(pid);
    return { dev, run, pid, url: view.environment!.url! };
  }
  const log = async (runId: string) =>
    (
      await database.db
        .select()
        .from(provisioningEvents)
        .where(eq(provisioningEvents.runId, runId))
        .orderBy(asc(provisioningEvents.id))
    ).map((e) => e.message);

  it("stops leftovers of gone or unknown environments, adopts live ones, shows a vanished one down, and leaves others' processes alone", async () => {
    const instance = await portalInstanceId(database.db);
    const live = await ready("live");
    const vanished = await ready("vanished");
    const destroyed = await ready("destroyed");
    // The preview's process died with the machine's last session; the portal did not see it go.
    await stopProcess(vanished.pid, 500);
    // The portal recorded the environment as destroyed, but its process survived (a crash mid-teardown).
    await database.db
      .update(selfServiceEnvironments)
      .set({ status: "destroyed", destroyedAt: new Date() })
      .where(eq(selfServiceEnvironments.id, destroyed.run.environmentId));
    const unknown = await startMarked({
      [MARKER.instance]: instance,
      [MARKER.run]: randomUUID(),
      [MARKER.step]: "server",
    });
    const orphan = await startMarked({
      [MARKER.instance]: instance,
      [MARKER.run]: live.run.id,
      [MARKER.step]: "server",
    });
    const otherPortal = await startMarked({
      [MARKER.instance]: randomUUID(),
      [MARKER.run]: randomUUID(),
      [MARKER.step]: "server",
    });
    const unmarked = await startMarked({});
    strays.push(unknown, orphan, otherPortal, unmarked);

    // The worker starts: the reconcile runs before it takes work.
    queue = await startWorker(database, { jobs: PROVISIONING_JOBS, schedules: [] });
    await until(() => !isAlive(unknown) && !isAlive(orphan) && !isAlive(destroyed.pid));

    expect(isAlive(live.pid)).toBe(true);
    expect(await answers(live.url)).toBe(true);
    expect(isAlive(otherPortal)).toBe(true);
    expect(isAlive(unmarked)).toBe(true);
    expect(await answers(destroyed.url)).toBe(false);
    expect(await log(destroyed.run.id)).toContainEqual(
      expect.stringMatching(
        new RegExp(`^stopped leftover process ${destroyed.pid} when the portal started: its environment is destroyed`),
      ),
    );
    expect(await log(live.run.id)).toContainEqual(
      `stopped leftover process ${orphan} when the portal started: its environment runs another process for this step`,
    );

    const health = async (dev: ReturnType<typeof testActor>, id: string) =>
      (await listSelfServiceEnvironments(database.db, dev)).find((e) => e.id === id)?.health;
    expect(await health(vanished.dev, vanished.run.environmentId)).toMatchObject({
      state: "down",
      reason: expect.stringContaining(`its process (pid ${vanished.pid}) is gone`),
    });
    expect((await health(live.dev, live.run.environmentId))?.state).not.toBe("down");

    // A second start finds nothing more to stop, adopts the live preview again, and still sees the vanished one.
    const again = await reconcileLocalProcesses(database);
    expect(again.stopped).toEqual([]);
    expect(again.adopted).toEqual([{ pid: live.pid, runId: live.run.id, environmentId: live.run.environmentId }]);
    expect(again.vanished.map((v) => v.environmentId)).toEqual([vanished.run.environmentId]);
  });

  it("adopts a live environment's process back when the step recorded a process that is gone", async () => {
    const adopted = await ready("adopted");
    const instance = await portalInstanceId(database.db);
    // The process the step recorded is gone; another one of this step (its marker says so) is running.
    await stopProcess(adopted.pid, 500);
    const replacement = await startMarked({
      [MARKER.instance]: instance,
      [MARKER.run]: adopted.run.id,
      [MARKER.step]: "server",
      PORT: "45999",
    });
    strays.push(replacement);
    const report = await reconcileLocalProcesses(database);
    expect(report.adopted).toContainEqual({
      pid: replacement,
      runId: adopted.run.id,
      environmentId: adopted.run.environmentId,
    });
    expect(report.vanished.map((v) => v.environmentId)).not.toContain(adopted.run.environmentId);
    expect(isAlive(replacement)).toBe(true);
    const [step] = await database.db
      .select()
      .from(provisioningSteps)
      .where(eq(provisioningSteps.runId, adopted.run.id));
    expect(step.resources).toMatchObject({ pid: replacement, port: 45999 });
    expect(await log(adopted.run.id)).toContainEqual(
      `process ${replacement} of step server adopted after the portal restarted`,
    );
  });
});
