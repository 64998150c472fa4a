// Many people at once: `connections` clients browsing the API and pages over loopback for a bounded
// time (autocannon), with throughput, latency percentiles, errors and the app's resident memory.
import os from "node:os";
import autocannon from "autocannon";
import { summarise } from "./stats";
import type { BenchServer } from "./http-server";

/**
 * `all`: the browsing round below. `api` and `pages`: its API reads or its pages alone, to see which
 * one bounds throughput; `health`: the empty route, the framework's own ceiling.
 */
export const LOAD_MIXES = ["all", "api", "pages", "health"] as const;
export type LoadMix = (typeof LOAD_MIXES)[number];
export type LoadOptions = { connections: number; durationSeconds: number; mix: LoadMix };

/** What one client does, in order, again and again: mostly API reads, now and then a page. */
function browsing(server: BenchServer, mix: LoadMix): autocannon.Request[] {
  const api = (path: string): autocannon.Request => ({
    method: "GET",
    path,
    headers: { authorization: server.authorization },
  });
  const page = (path: string): autocannon.Request => ({ method: "GET", path, headers: { cookie: server.cookie } });
  if (mix === "health") return [{ method: "GET", path: "/api/health" }];
  const round = [
    api("/api/v1/entities?limit=50"),
    api("/api/v1/entities?q=payment"),
    api("/api/v1/entities?q=ledger+serv&kind=component"),
    api("/api/v1/entities?owner=team-3"),
    api("/api/v1/entities?kind=component&lifecycle=production&type=service"),
    api("/api/v1/entities?tag=kafka"),
    api("/api/v1/entities?limit=10"),
    api("/api/v1/entities/group/default/team-1"),
    page("/catalog"),
    page("/catalog?q=booking"),
  ];
  if (mix === "api") return round.filter((r) => r.path?.startsWith("/api/"));
  if (mix === "pages") return round.filter((r) => !r.path?.startsWith("/api/"));
  return round;
}

export async function benchLoad(server: BenchServer, options: LoadOptions): Promise<void> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let rssMax = server.rssMiB();
  const rssBefore = rssMax;
  const processes = server.pids().length;
  const cpuBefore = server.cpuMs();
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, server.rssMiB())), 250);
  const round = browsing(server, options.mix);
  const described = {
    all: "8 API reads + 2 pages per round",
    api: "the round's 8 API reads",
    pages: "the round's 2 pages",
    health: "GET /api/health",
  }[options.mix];
  let clients = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: server.baseUrl,
        connections: options.connections,
        duration: options.durationSeconds,
        requests: round,
        // Each client starts at its own point of the round: at a few requests per client in the whole
        // run (200 clients, ~1,000 requests) they would otherwise all send only the first API reads.
        setupClient: (client) => {
          const offset = clients++ % round.length;
          client.setRequests([...round.slice(offset), ...round.slice(0, offset)]);
        },
        timeout: 30,
      },
      (error, outcome) => (error ? reject(error) : resolve(outcome)),
    );
    instance.on("response", (_client, status, _bytes, responseTime) => {
      latencies.push(responseTime);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    });
  }).finally(() => clearInterval(sampler));
  const cpuMs = server.cpuMs() - cpuBefore;
  const s = summarise(latencies.length ? latencies : [0]);
  const errors = result.errors + result.timeouts + result.non2xx;
  console.log(
    `load: ${options.connections} connections for ${options.durationSeconds} s (${described})\n` +
      `  ${result.requests.total} requests, ${result.requests.average.toFixed(0)} req/s; latency p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms, max ${s.max.toFixed(0)} ms\n` +
      `  errors ${errors} (connection ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}); statuses ${[...statuses].map(([code, n]) => `${code}×${n}`).join(" ")}; app RSS ${rssBefore} → max ${rssMax} MiB\n` +
      `  server CPU ${(cpuMs / 1000).toFixed(1)} s over ${processes} process${processes === 1 ? "" : "es"}, ${(cpuMs / Math.max(1, result.requests.total)).toFixed(2)} ms/request; load average ${os.loadavg()[0].toFixed(1)}`,
  );
}
