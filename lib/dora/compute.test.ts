import { describe, expect, it } from "vitest";
import { computeDora, computeTeamDora, median, weekOf, type DoraDeployment } from "./compute";

const now = new Date("2026-05-31T00:00:00Z");
const at = (day: number, hour = 0) => new Date(Date.UTC(2026, 4, day, hour));
const dep = (status: string, day: number, hour = 0, firstCommitDay?: number): DoraDeployment => ({
  status,
  startedAt: at(day, hour),
  finishedAt: at(day, hour + 1),
  firstCommitAt: firstCommitDay === undefined ? null : at(firstCommitDay),
});

describe("computeDora", () => {
  it("counts successful production deployments per day in the window only", () => {
    const outside = { ...dep("success", 1), startedAt: new Date("2026-01-01T00:00:00Z") };
    const figures = computeDora([dep("success", 10), dep("inactive", 20), dep("failure", 21), outside], {
      days: 30,
      now,
    });
    expect(figures.deployments).toBe(2);
    expect(figures.deploymentsPerDay).toBeCloseTo(2 / 30, 3);
  });

  it("takes the median lead time from first commit to the end of the deployment", () => {
    // 24+1 h, 48+1 h, 72+1 h → median 49 h; a deployment without firstCommitAt is not a sample.
    const figures = computeDora(
      [dep("success", 10, 0, 9), dep("success", 12, 0, 10), dep("success", 15, 0, 12), dep("success", 16)],
      { days: 30, now },
    );
    expect(figures.leadTimeHours).toBe(49);
    expect(figures.leadTimeSamples).toBe(3);
  });

  it("computes change failure rate over finished deployments and time to restore to the next success", () => {
    const figures = computeDora(
      [dep("success", 10), dep("failure", 11, 0), dep("success", 11, 3), dep("error", 20, 0), dep("in_progress", 25)],
      { days: 30, now },
    );
    expect(figures.changeFailureRate).toBe(0.5); // 2 failed of 4 finished
    // failure finished 01:00, next success finished 04:00 → 3 h; the error on day 20 is not restored yet.
    expect(figures.timeToRestoreHours).toBe(3);
  });

  it("is null rather than zero when there is nothing to measure", () => {
    const figures = computeDora([], { days: 30, now });
    expect(figures).toMatchObject({
      deployments: 0,
      changeFailureRate: null,
      leadTimeHours: null,
      timeToRestoreHours: null,
    });
  });

  it("buckets by ISO week (Monday) and pairs failures with the same service's next success in team figures", () => {
    expect(weekOf(new Date("2026-05-31T12:00:00Z"))).toBe("2026-05-25");
    expect(median([3, 1, 2, 10])).toBe(2.5);
    const team = computeTeamDora([[dep("failure", 10), dep("success", 10, 5)], [dep("success", 10, 2)]], {
      days: 30,
      now,
    });
    expect(team.timeToRestoreHours).toBe(5);
    expect(team.changeFailureRate).toBeCloseTo(1 / 3, 3);
  });
});
