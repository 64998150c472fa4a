import { setting } from "@/lib/runtime/settings";

/** Health probing configuration (README: HEALTH_PROBE_*; limits in lib/runtime/settings.ts). */
export type ProbeConfig = {
  intervalSeconds: number;
  timeoutMs: number;
  concurrency: number;
  expectedStatus: string;
  slowMs: number;
};

export function readProbeConfig(env: NodeJS.ProcessEnv = process.env): ProbeConfig {
  return {
    // Below its minimum, the interval is the minimum (with a warning), never silently the default.
    intervalSeconds: setting("healthProbeInterval", env),
    timeoutMs: setting("healthProbeTimeoutMs", env),
    concurrency: setting("healthProbeConcurrency", env),
    // "2xx" (any 2xx), or an exact code like "200" or a list "200,204".
    expectedStatus: env.HEALTH_PROBE_EXPECTED_STATUS || "2xx",
    slowMs: setting("healthProbeSlowMs", env),
  };
}

export function isExpectedStatus(status: number, expected: string): boolean {
  return expected
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .some((rule) => (/^[1-5]xx$/.test(rule) ? Math.floor(status / 100) === Number(rule[0]) : Number(rule) === status));
}
