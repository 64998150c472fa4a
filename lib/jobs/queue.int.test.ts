import { describe, expect, it } from "vitest";
import { z } from "zod";
import { testDatabases } from "@/db/testing";
import { defineJob, intervalToCron } from "./define-job";
import { startWorker } from "./queue";

describe("intervalToCron", () => {
  it("turns minutes, hours and cron into cron", () => {
    expect(intervalToCron(undefined)).toBe("*/15 * * * *");
    expect(intervalToCron("5")).toBe("*/5 * * * *");
    expect(intervalToCron("2h")).toBe("0 */2 * * *");
    expect(intervalToCron("0 3 * * 1")).toBe("0 3 * * 1");
    expect(intervalToCron("nonsense")).toBe("*/15 * * * *");
  });
});

describe.each(testDatabases())("job queue on $name", (target) => {
  it("runs an enqueued job with its validated payload and refuses a bad one", async () => {
    const database = await target.open();
    const seen: number[] = [];
    let resolve: () => void = () => {};
    const done = new Promise<void>((r) => (resolve = r));
    const job = defineJob({
      name: "test-echo",
      schema: z.object({ n: z.number() }),
      pollingIntervalSeconds: 0.5,
      handle: async ({ n }) => {
        seen.push(n);
        resolve();
      },
    });
    const queue = await startWorker(database, {
      jobs: [job],
      schedules: [{ name: "test-echo", cron: "*/15 * * * *", payload: { n: 0 } }],
    });
    try {
      await expect(queue.enqueue("test-echo", { n: "x" })).rejects.toThrow();
      await queue.enqueue("test-echo", { n: 7 });
      await done;
      expect(seen).toEqual([7]);
      expect((await queue.boss.getSchedules()).map((s) => s.name)).toContain("test-echo");
    } finally {
      await queue.stop();
      await database.close();
    }
  });

  it("a job sent inside a transaction exists only if the transaction commits", async () => {
    const database = await target.open();
    const seen: string[] = [];
    const job = defineJob({
      name: "test-tx",
      schema: z.object({ tag: z.string() }),
      pollingIntervalSeconds: 0.5,
      handle: async ({ tag }) => void seen.push(tag),
    });
    const queue = await startWorker(database, { jobs: [job] });
    try {
      await expect(
        database.db.transaction(async (tx) => {
          await queue.enqueue("test-tx", { tag: "rolled back" }, { tx });
          throw new Error("abort the transaction");
        }),
      ).rejects.toThrow("abort the transaction");
      await database.db.transaction(async (tx) => {
        await queue.enqueue("test-tx", { tag: "committed" }, { tx });
      });
      const deadline = Date.now() + 10_000;
      while (!seen.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(seen).toEqual(["committed"]);
      expect((await queue.boss.findJobs("test-tx")).map((j) => (j.data as { tag: string }).tag)).toEqual(["committed"]);
    } finally {
      await queue.stop();
      await database.close();
    }
  });

  it("sends inside a transaction straight after start, before anything else used the queue (no self-deadlock on the embedded database)", async () => {
    const database = await target.open();
    const job = defineJob({ name: "test-first-use", schema: z.object({}), handle: async () => null });
    const queue = await startWorker(database, { jobs: [job], work: false });
    try {
      const id = await database.db.transaction(async (tx) => queue.enqueue("test-first-use", {}, { tx }));
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await queue.stop();
      await database.close();
    }
  });

  it("merges sends of one key while a job waits, and queues one more while it runs (mergeWaiting)", async () => {
    const database = await target.open();
    let release: () => void = () => {};
    const released = new Promise<void>((r) => (release = r));
    let started: () => void = () => {};
    const running = new Promise<void>((r) => (started = r));
    const runs: number[] = [];
    const job = defineJob({
      name: "test-merge",
      schema: z.object({ n: z.number() }),
      pollingIntervalSeconds: 0.5,
      notify: true,
      mergeWaiting: true,
      handle: async ({ n }) => {
        runs.push(n);
        started();
        await released;
      },
    });
    const queue = await startWorker(database, { jobs: [job] });
    try {
      expect(await queue.enqueue("test-merge", { n: 1 }, { singletonKey: "k" })).toBeTruthy();
      await running;
      // One runs: the next send waits, the two after it merge into the waiting one.
      expect(await queue.enqueue("test-merge", { n: 2 }, { singletonKey: "k" })).toBeTruthy();
      expect(await queue.enqueue("test-merge", { n: 3 }, { singletonKey: "k" })).toBeNull();
      expect(await queue.enqueue("test-merge", { n: 4 }, { singletonKey: "k" })).toBeNull();
      // Another key is another job.
      expect(await queue.enqueue("test-merge", { n: 5 }, { singletonKey: "other" })).toBeTruthy();
      release();
      const deadline = Date.now() + 20_000;
      while (runs.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(runs.sort()).toEqual([1, 2, 5]);
      expect((await queue.boss.getQueue("test-merge"))?.policy).toBe("short");
    } finally {
      release();
      await queue.stop();
      await database.close();
    }
  });
});
