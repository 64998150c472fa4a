import { isExpectedStatus } from "./probe-config";

export type ProbeResult = { isOk: boolean; statusCode: number | null; latencyMs: number; error: string | null };

/** Why a fetch failed, in the words an on-call person uses. */
function describeFailure(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === "TimeoutError" || e.name === "AbortError") return `timed out after ${timeoutMs / 1000} s`;
  switch (e.cause?.code) {
    case "ECONNREFUSED":
      return "connection refused";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "host not found";
    case "ECONNRESET":
    case "UND_ERR_SOCKET":
      return "connection reset";
    case "UND_ERR_HEADERS_TIMEOUT":
      return `timed out after ${timeoutMs / 1000} s`;
    default:
      return e.cause?.message ?? e.message ?? "request failed";
  }
}

/** One GET of a health URL: the status, how long it took, and why it failed if it did. Never throws. */
export async function probeUrl(url: string, options: { timeoutMs: number; expectedStatus: string }): Promise<ProbeResult> {
  const started = performance.now();
  try {
    const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(options.timeoutMs), headers: { "user-agent": "portolan-health-probe" } });
    await response.body?.cancel().catch(() => {});
    const latencyMs = Math.round(performance.now() - started);
    const isOk = isExpectedStatus(response.status, options.expectedStatus);
    return { isOk, statusCode: response.status, latencyMs, error: isOk ? null : `HTTP ${response.status}` };
  } catch (error) {
    return { isOk: false, statusCode: null, latencyMs: Math.round(performance.now() - started), error: describeFailure(error, options.timeoutMs) };
  }
}
