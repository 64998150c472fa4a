import { egressFetch, egressRefusal, type EgressOptions } from "@/lib/egress";
import { isExpectedStatus } from "./probe-config";

export type ProbeResult = { isOk: boolean; statusCode: number | null; latencyMs: number | null; error: string | null };

/** Why a fetch failed, in the words an on-call person uses. */
function describeFailure(error: unknown, timeoutMs: number): string {
  const refusal = egressRefusal(error);
  if (refusal) return refusal.message;
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

/**
 * One GET of a health URL through the egress policy: the status, how long it took, and why it failed
 * if it did. A refused URL gets the refusal as its reason, and no status or latency (nothing was
 * reached). Never throws.
 */
export async function probeUrl(
  url: string,
  options: { timeoutMs: number; expectedStatus: string; egress?: EgressOptions },
): Promise<ProbeResult> {
  const started = performance.now();
  try {
    const response = await egressFetch(url, {
      timeoutMs: options.timeoutMs,
      egress: options.egress,
      headers: { "user-agent": "portolan-health-probe" },
    });
    await response.body?.cancel().catch(() => {});
    const latencyMs = Math.round(performance.now() - started);
    const isOk = isExpectedStatus(response.status, options.expectedStatus);
    return { isOk, statusCode: response.status, latencyMs, error: isOk ? null : `HTTP ${response.status}` };
  } catch (error) {
    if (egressRefusal(error))
      return { isOk: false, statusCode: null, latencyMs: null, error: describeFailure(error, options.timeoutMs) };
    return {
      isOk: false,
      statusCode: null,
      latencyMs: Math.round(performance.now() - started),
      error: describeFailure(error, options.timeoutMs),
    };
  }
}
