// fetch for everything the server requests on someone's behalf: through the egress policy, always
// with a timeout, and (by default) without following redirects — a caller that follows them gets
// every hop checked again, since each new connection goes through the same connector.
import { context, propagation } from "@opentelemetry/api";
import { Agent, fetch as undiciFetch } from "undici";
import { SpanKind, withSpan } from "@/lib/observability/tracing";
import { AllowRule } from "./allowlist";
import { egressConnector } from "./connector";
import { EgressRefusedError, egressRefusal, type EgressOptions, type Lookup } from "./policy";

export type EgressInit = Omit<RequestInit, "signal"> & {
  /** Required: no outbound request waits forever. */
  timeoutMs: number;
  signal?: AbortSignal | null;
  egress?: EgressOptions;
};

// Agents pool connections, so a connection opened under one set of rules must never serve a request
// judged under another: one agent per distinct set (the configured allowlist, extra rules, lookup).
const agents = new Map<string, Agent>();
const lookupIds = new WeakMap<Lookup, number>();
let nextLookupId = 1;
const MAX_AGENTS = 32;

function agentKey(options: EgressOptions): string {
  const lookup = options.lookup
    ? (lookupIds.get(options.lookup) ?? (lookupIds.set(options.lookup, nextLookupId++), lookupIds.get(options.lookup)))
    : 0;
  const rules = (options.allow ?? []).map((r: AllowRule) => r.text).sort();
  return JSON.stringify([(options.env ?? process.env).PORTOLAN_EGRESS_ALLOW ?? "", rules, lookup]);
}

function agentFor(options: EgressOptions): Agent {
  const key = agentKey(options);
  let agent = agents.get(key);
  if (agent) {
    // Most recently used last, so the oldest is the one let go.
    agents.delete(key);
    agents.set(key, agent);
    return agent;
  }
  agent = new Agent({ connect: egressConnector(options), keepAliveTimeout: 4_000 });
  agents.set(key, agent);
  if (agents.size > MAX_AGENTS) {
    const [oldestKey, oldest] = agents.entries().next().value!;
    agents.delete(oldestKey);
    // Requests in flight on it finish; it just takes no new ones.
    void oldest.close().catch(() => {});
  }
  return agent;
}

export async function egressFetch(input: string | URL, init: EgressInit): Promise<Response> {
  const url = new URL(input);
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new EgressRefusedError(
      `refused by the egress policy: only http and https URLs are fetched, not ${url.protocol}`,
    );
  const { timeoutMs, egress = {}, signal, ...rest } = init;
  const method = (rest.method ?? "GET").toUpperCase();
  // The span names the host and path only: query strings may carry tokens.
  return withSpan(
    `${method} ${url.host}`,
    {
      kind: SpanKind.CLIENT,
      attributes: { "http.request.method": method, "server.address": url.hostname, "url.path": url.pathname },
    },
    async (span) => {
      const headers = new Headers(rest.headers);
      // W3C traceparent, so a traced service called from here joins the trace.
      propagation.inject(context.active(), headers, { set: (h, key, value) => h.set(key, value) });
      const timeout = AbortSignal.timeout(timeoutMs);
      try {
        const response = await undiciFetch(url, {
          redirect: "manual",
          ...(rest as Record<string, unknown>),
          headers: Object.fromEntries(headers),
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
          dispatcher: agentFor(egress),
        });
        span.setAttribute("http.response.status_code", response.status);
        return response as unknown as Response;
      } catch (error) {
        // "fetch failed" says nothing; the refusal says what and how to allow it.
        throw egressRefusal(error) ?? error;
      }
    },
  );
}
