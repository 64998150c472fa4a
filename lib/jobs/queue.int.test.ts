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
    const queue = await startWorker(database, { jobs: [job], schedules: [{ name: "test-echo", cron: "*/15 * * * *", payload: { n: 0 } }] });
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
});
