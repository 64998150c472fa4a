// Health of one environment from its probe summary and its latest deployment. Pure: unit-tested.
export const HEALTH_STATES = ["healthy", "degraded", "down", "unknown"] as const;
export type HealthState = (typeof HEALTH_STATES)[number];
export type Health = { state: HealthState; reason: string };

export type ProbeSummary = {
  /** null: never probed. */
  lastProbedAt: Date | null;
  lastProbeOk: boolean | null;
  lastProbeError: string | null;
  lastProbeLatencyMs: number | null;
  /** Consecutive failed probes, newest backwards. */
  probeFailures: number;
  failingSince: Date | null;
};

export type HealthOptions = {
  now: Date;
  /** Seconds between probes; a result older than 3 intervals is stale. */
  intervalSeconds: number;
  /** Failures in a row that make an environment down rather than degraded. */
  downAfter?: number;
  /** A successful probe slower than this is degraded. */
  slowMs?: number;
  /** Timezone for "since 10:42" (tests pin it). */
  timeZone?: string;
};

/** A probe result older than this (three intervals and a margin) says nothing about now. */
export const staleAfterSeconds = (intervalSeconds: number) => intervalSeconds * 3 + 30;

const clock = (at: Date, timeZone?: string) =>
  at.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone });
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function rollUpHealth(
  probe: ProbeSummary,
  latestDeployment: { status: string; startedAt: Date } | null,
  options: HealthOptions,
): Health {
  const downAfter = options.downAfter ?? 3;
  const slowMs = options.slowMs ?? 2000;
  const deployFailed =
    latestDeployment && (latestDeployment.status === "failure" || latestDeployment.status === "error");

  if (probe.lastProbedAt === null) {
    if (!latestDeployment) return { state: "unknown", reason: "No deployments and no health probes yet." };
    if (deployFailed)
      return {
        state: "down",
        reason: `Last deployment ${latestDeployment.status === "error" ? "errored" : "failed"} at ${clock(latestDeployment.startedAt, options.timeZone)}; not probed (no health URL).`,
      };
    if (latestDeployment.status === "success")
      return { state: "unknown", reason: "Last deployment succeeded; not probed (no health URL)." };
    return {
      state: "unknown",
      reason: `Deployment ${latestDeployment.status.replace("_", " ")}; not probed (no health URL).`,
    };
  }
  const ageSeconds = (options.now.getTime() - probe.lastProbedAt.getTime()) / 1000;
  if (ageSeconds > staleAfterSeconds(options.intervalSeconds))
    return {
      state: "unknown",
      reason: `No probe since ${clock(probe.lastProbedAt, options.timeZone)}; the probe job may not be running.`,
    };

  if (!probe.lastProbeOk) {
    const since = probe.failingSince ?? probe.lastProbedAt;
    const what = probe.lastProbeError ?? "failed";
    const n = Math.max(1, probe.probeFailures);
    return {
      state: n >= downAfter ? "down" : "degraded",
      reason: `${plural(n, "failed probe")} since ${clock(since, options.timeZone)}: ${what}`,
    };
  }
  if (deployFailed)
    return {
      state: "degraded",
      reason: `Probes pass, but the last deployment ${latestDeployment.status === "error" ? "errored" : "failed"} at ${clock(latestDeployment.startedAt, options.timeZone)}.`,
    };
  if (probe.lastProbeLatencyMs !== null && probe.lastProbeLatencyMs > slowMs)
    return {
      state: "degraded",
      reason: `Slow: the last probe took ${(probe.lastProbeLatencyMs / 1000).toFixed(1)} s (over ${slowMs / 1000} s).`,
    };
  return {
    state: "healthy",
    reason: `Last probe passed at ${clock(probe.lastProbedAt, options.timeZone)}${probe.lastProbeLatencyMs !== null ? ` in ${probe.lastProbeLatencyMs} ms` : ""}.`,
  };
}

/** A self-service preview's health: its probes alone (it has no deployments). */
export function previewHealth(probe: ProbeSummary, options: HealthOptions): Health {
  if (probe.lastProbedAt === null)
    return { state: "unknown", reason: `Not probed yet (every ${options.intervalSeconds} s once ready).` };
  return rollUpHealth(probe, null, options);
}
