/** Health probing configuration (README: HEALTH_PROBE_*). */
export type ProbeConfig = { intervalSeconds: number; timeoutMs: number; concurrency: number; expectedStatus: string; slowMs: number };

function num(value: string | undefined, fallback: number, min: number): number {
  const n = Number(value);
  return Number.isFinite(n) && n >= min ? n : fallback;
}

export function readProbeConfig(env: NodeJS.ProcessEnv = process.env): ProbeConfig {
  return {
    intervalSeconds: num(env.HEALTH_PROBE_INTERVAL, 60, 5),
    timeoutMs: num(env.HEALTH_PROBE_TIMEOUT_MS, 5000, 100),
    concurrency: Math.floor(num(env.HEALTH_PROBE_CONCURRENCY, 8, 1)),
    // "2xx" (any 2xx), or an exact code like "200" or a list "200,204".
    expectedStatus: env.HEALTH_PROBE_EXPECTED_STATUS || "2xx",
    slowMs: num(env.HEALTH_PROBE_SLOW_MS, 2000, 1),
  };
}

export function isExpectedStatus(status: number, expected: string): boolean {
  return expected
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .some((rule) => (/^[1-5]xx$/.test(rule) ? Math.floor(status / 100) === Number(rule[0]) : Number(rule) === status));
}
