import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { startWorker, type Queue } from "@/lib/jobs/queue";
import { createRun } from "./create-run";
import { PROVISIONING_JOBS } from "./jobs";
import { getRunView, listRunEvents } from "./queries";
import { recoverStaleRuns } from "./recover-runs";
import { inlineQueue, testActor } from "./testing";

// Separate worker processes need a shared PostgreSQL (the embedded database has one owner).
const target = testDatabases().find((t) => t.name === "postgres");
const TEMPLATES = path.join(import.meta.dirname, "test-templates");

async function until(check: () => Promise<boolean>, ms = 90_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

function startChildWorker(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORTOLAN_TEMPLATES_DIR: TEMPLATES,
      PORTOLAN_RUN_HEARTBEAT_TIMEOUT_SECONDS: "2",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("worker ready")) resolve(child);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
    child.once("exit", (code) => reject(new Error(`worker exited (${code}): ${output}`)));
  });
}

describe("a worker killed mid-step (PostgreSQL at DATABASE_URL)", () => {
  let database: Database;
  let queue: Queue;
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    process.env.PORTOLAN_TEMPLATES_DIR = TEMPLATES;
    if (target) database = await target.open();
  });
  afterAll(async () => {
    child?.kill("SIGKILL");
    await queue?.stop();
    await database?.close();
  });

  it.skipIf(!target)(
    "leaves a run that another worker resumes after the heartbeat timeout",
    async () => {
      child = await startChildWorker(database.location);
      // This process only sends (work: false), so the child worker takes the job.
      queue = await startWorker(database, { jobs: PROVISIONING_JOBS, work: false });
      const dev = testActor("dev");
      const { id } = await createRun(
        database.db,
        dev,
        { template: "test-slow", parameters: { seconds: 4 } },
        { enqueue: queue.enqueue },
      );
      await until(async () => (await getRunView(database.db, dev, id)).steps[1].status === "running");
      child.kill("SIGKILL");
      await new Promise((r) => child!.once("exit", r));

      const inline = inlineQueue(database);
      // Not stale yet (it beat moments ago): nothing to recover.
      expect((await recoverStaleRuns(database, { enqueue: inline.enqueue, timeoutMs: 60_000 })).resumed).toEqual([]);
      // Once no beat came for the timeout, the next recovery pass hands it on (waiting on that, not on a clock).
      let resumed: string[] = [];
      await until(
        async () =>
          (resumed = [
            ...resumed,
            ...(await recoverStaleRuns(database, { enqueue: inline.enqueue, timeoutMs: 2000 })).resumed,
          ]).length > 0,
      );
      expect(resumed).toEqual([id]);
      await inline.drain();

      const view = await getRunView(database.db, dev, id);
      expect(view.status).toBe("succeeded");
      expect(view.environment?.status).toBe("ready");
      expect(view.steps.map((s) => [s.id, s.status, s.attempts])).toEqual([
        ["mark", "succeeded", 1],
        ["wait", "succeeded", 2],
      ]);
      const log = (await listRunEvents(database.db, dev, id)).map((e) => e.message).join("\n");
      expect(log).toMatch(/stopped responding.*resuming on another worker/);
    },
    60_000,
  );
});

describe("the app killed mid-step on the embedded database", () => {
  it("resumes the run when the app starts again: no stuck run, no environment without an owner", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portolan-crash-"));
    let restarted: Database | undefined;
    let queue: Queue | undefined;
    try {
      const app = spawn(
        process.execPath,
        ["--import", "tsx", path.join(import.meta.dirname, "test-process/embedded-owner.ts"), dataDir, "2"],
        {
          env: { ...process.env, PORTOLAN_TEMPLATES_DIR: TEMPLATES },
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      const runId = await new Promise<string>((resolve, reject) => {
        let output = "";
        app.stdout!.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          const match = /running ([0-9a-f-]{36})/.exec(output);
          if (match) resolve(match[1]);
        });
        app.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
        app.once("exit", (code) => reject(new Error(`the app exited (${code}): ${output}`)));
      });
      app.kill("SIGKILL");
      await new Promise((r) => app.once("exit", r));

      // The app starts again on the same data directory (taking over the dead process's lock).
      restarted = await openDatabase({ dataDir });
      queue = await startWorker(restarted, { jobs: PROVISIONING_JOBS });
      const admin = testActor("admin", "admin");
      await until(async () => (await getRunView(restarted!.db, admin, runId)).status === "succeeded");
      const view = await getRunView(restarted.db, admin, runId);
      expect(view.environment).toMatchObject({ status: "ready", owner: "user:dev" });
      expect(view.environment?.expiresAt).toBeTruthy();
      expect(view.steps.map((s) => [s.id, s.status, s.attempts])).toEqual([
        ["mark", "succeeded", 1],
        ["wait", "succeeded", 2],
      ]);
      // Resumed by the start-up pass (the app is the only worker), not by the heartbeat timeout.
      const log = (await listRunEvents(restarted.db, admin, runId)).map((e) => e.message).join("\n");
      expect(log).toMatch(/the process running it is gone \(the app restarted\); resuming/);
    } finally {
      await queue?.stop();
      await restarted?.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});
