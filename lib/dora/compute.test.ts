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
    const team = computeTeamDora(
      [
        { deployments: [dep("failure", 10), dep("success", 10, 5)], incidents: [] },
        { deployments: [dep("success", 10, 2)], incidents: [] },
      ],
      {
        days: 30,
        now,
      },
    );
    expect(team.timeToRestoreHours).toBe(5);
    expect(team.changeFailureRate).toBeCloseTo(1 / 3, 3);
  });

  it("takes time to restore from production incidents and counts deployments followed by one as failures (by hand)", () => {
    const incident = (day: number, hour: number, resolvedHours: number | null) => ({
      startedAt: at(day, hour),
      resolvedAt: resolvedHours === null ? null : new Date(at(day, hour).getTime() + resolvedHours * 3_600_000),
    });
    const deployments = [
      dep("success", 10, 0), // finished 10th 01:00
      dep("success", 12, 0), // finished 12th 01:00
      dep("failure", 14, 0),
      dep("success", 14, 3), // finished 14th 04:00
    ];
    const incidents = [
      incident(10, 5, 2.5), // 4 h after the 10th's deployment: it counts as failed
      incident(13, 12, 1), // 35 h after the 12th's: outside the 24 h window
      incident(14, 5, 6), // 1 h after the 14th 03:00 deployment: it counts as failed
      incident(20, 0, null), // still open: no restore sample; 6 days after the last deployment
    ];
    const figures = computeDora(deployments, { days: 30, now }, incidents);
    // Restore samples 2.5 h, 1 h, 6 h → median 2.5 h (the deployment failure → next success would be 3 h).
    expect(figures.timeToRestoreHours).toBe(2.5);
    expect(figures.timeToRestoreSamples).toBe(3);
    // 1 failed + 2 followed by an incident, of 4 finished.
    expect(figures).toMatchObject({ failedDeployments: 1, incidentFailures: 2, changeFailureRate: 0.75 });
    expect(figures.sources).toEqual({
      deploymentFrequency: "deployments",
      leadTime: "deployments",
      changeFailureRate: "deployments and incidents",
      timeToRestore: "incidents",
    });
    // A 36 h window also blames the 12th's deployment.
    expect(computeDora(deployments, { days: 30, now, incidentWindowHours: 36 }, incidents).incidentFailures).toBe(3);
    // Without incidents, the deployments are the only source.
    expect(computeDora(deployments, { days: 30, now }).sources.timeToRestore).toBe("deployments");
  });
});
