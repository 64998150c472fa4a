import { describe, expect, it } from "vitest";
import { previewHealth, rollUpHealth, type ProbeSummary } from "./health-rollup";

const now = new Date("2026-05-01T10:45:00Z");
const opts = { now, intervalSeconds: 60, timeZone: "UTC" };
const ok: ProbeSummary = {
  lastProbedAt: new Date("2026-05-01T10:44:30Z"),
  lastProbeOk: true,
  lastProbeError: null,
  lastProbeLatencyMs: 42,
  probeFailures: 0,
  failingSince: null,
};
const deployed = (status: string) => ({ status, startedAt: new Date("2026-05-01T10:40:00Z") });

describe("rollUpHealth", () => {
  it("is healthy when the latest probe passed and the deployment succeeded", () => {
    expect(rollUpHealth(ok, deployed("success"), opts)).toEqual({
      state: "healthy",
      reason: "Last probe passed at 10:44 in 42 ms.",
    });
  });

  it("is down after three failures in a row, with when it started and why", () => {
    const failing = {
      ...ok,
      lastProbeOk: false,
      lastProbeError: "connection refused",
      probeFailures: 3,
      failingSince: new Date("2026-05-01T10:42:00Z"),
    };
    expect(rollUpHealth(failing, deployed("success"), opts)).toEqual({
      state: "down",
      reason: "3 failed probes since 10:42: connection refused",
    });
  });

  it("is degraded after fewer failures than the down threshold", () => {
    const failing = {
      ...ok,
      lastProbeOk: false,
      lastProbeError: "HTTP 500",
      probeFailures: 1,
      failingSince: ok.lastProbedAt,
    };
    expect(rollUpHealth(failing, null, opts)).toMatchObject({
      state: "degraded",
      reason: "1 failed probe since 10:44: HTTP 500",
    });
  });

  it("is degraded when probes pass but they are slow, or the last deployment failed", () => {
    expect(rollUpHealth({ ...ok, lastProbeLatencyMs: 3500 }, deployed("success"), opts).state).toBe("degraded");
    expect(rollUpHealth(ok, deployed("failure"), opts)).toMatchObject({
      state: "degraded",
      reason: expect.stringContaining("last deployment failed"),
    });
  });

  it("is unknown when the probe result is stale or there is nothing to go on", () => {
    expect(
      rollUpHealth({ ...ok, lastProbedAt: new Date("2026-05-01T10:30:00Z") }, deployed("success"), opts),
    ).toMatchObject({ state: "unknown", reason: expect.stringContaining("No probe since 10:30") });
    expect(rollUpHealth({ ...ok, lastProbedAt: null, lastProbeOk: null }, null, opts).state).toBe("unknown");
  });

  it("uses the deployment status when there is no health URL", () => {
    const never = { ...ok, lastProbedAt: null, lastProbeOk: null };
    expect(rollUpHealth(never, deployed("failure"), opts).state).toBe("down");
    expect(rollUpHealth(never, deployed("success"), opts).state).toBe("unknown");
  });
});

describe("previewHealth", () => {
  it("says a preview has not been probed yet, then follows its probes alone", () => {
    const never = { ...ok, lastProbedAt: null, lastProbeOk: null, lastProbeLatencyMs: null };
    expect(previewHealth(never, opts)).toEqual({ state: "unknown", reason: "Not probed yet (every 60 s once ready)." });
    expect(previewHealth(ok, opts)).toEqual({ state: "healthy", reason: "Last probe passed at 10:44 in 42 ms." });
    const gone = {
      ...ok,
      lastProbeOk: false,
      lastProbeError: "connect ECONNREFUSED",
      probeFailures: 3,
      failingSince: new Date("2026-05-01T10:43:00Z"),
    };
    expect(previewHealth(gone, opts)).toEqual({
      state: "down",
      reason: "3 failed probes since 10:43: connect ECONNREFUSED",
    });
  });
});
