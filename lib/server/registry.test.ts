// The registry's health jobs ask for a scorecard refresh of the services a probe moved.
import { describe, expect, it, vi } from "vitest";
import type { Database } from "@/db/client";
import type { Enqueue, JobContext } from "@/lib/jobs/define-job";
import { SCORECARDS_REFRESH } from "@/lib/scorecards/jobs";

const results = vi.hoisted(() => ({ next: undefined as unknown }));

vi.mock("@/lib/health/jobs", async (importActual) => {
  const actual = await importActual<typeof import("@/lib/health/jobs")>();
  const { z } = await import("zod");
  return {
    ...actual,
    HEALTH_JOBS: [{ name: "health-probe", schema: z.object({}), handle: async () => results.next }],
  };
});

const { JOBS } = await import("./registry");

async function runProbeJob(result: unknown) {
  results.next = result;
  const enqueue = vi.fn<Enqueue>(async () => "job");
  const ctx: JobContext = { database: {} as Database, jobId: "1", enqueue };
  const job = JOBS.find((j) => j.name === "health-probe")!;
  return { returned: await job.handle({}, ctx), enqueue };
}

describe("health jobs in the registry", () => {
  it("request a scorecard refresh of the services whose environments changed, across rounds", async () => {
    const rounds = [
      { urls: 1, probed: 1, skipped: 0, failed: 0, changedServices: ["component:default/a"] },
      { urls: 2, probed: 2, skipped: 0, failed: 1, changedServices: ["component:default/a", "component:default/b"] },
    ];
    const { returned, enqueue } = await runProbeJob(rounds);
    expect(returned).toBe(rounds);
    expect(enqueue).toHaveBeenCalledTimes(1);
    expect(enqueue).toHaveBeenCalledWith(SCORECARDS_REFRESH, {
      mode: "entities",
      refs: ["component:default/a", "component:default/b"],
    });
  });

  it("request nothing when no environment changed state", async () => {
    const { enqueue } = await runProbeJob({ urls: 3, probed: 3, skipped: 0, failed: 0, changedServices: [] });
    expect(enqueue).not.toHaveBeenCalled();
  });
});
