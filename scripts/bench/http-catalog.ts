// The catalog as users get it: descriptors imported through the API in batches, then a query mix sent
// one request at a time over one keep-alive connection, timed from request to the last byte of the body.
import os from "node:os";
import { Agent, request } from "undici";
import type { Database } from "@/db/client";
import { listEntities } from "@/lib/catalog/queries";
import { entityQuerySchema, searchParamsToObject } from "@/lib/catalog/schemas";
import { formatSummary, summarise, timeMany } from "./stats";
import { syntheticCatalog } from "./synthetic-catalog";
import type { BenchServer } from "./http-server";

/** One kept-alive connection, as a browser or a script reusing its client would have. */
export const keepAlive = new Agent({ connections: 1, keepAliveTimeout: 60_000, pipelining: 1 });

export async function httpGet(server: BenchServer, pathAndQuery: string, as: "token" | "session" = "token") {
  const headers = as === "token" ? { authorization: server.authorization } : { cookie: server.cookie };
  const response = await request(`${server.baseUrl}${pathAndQuery}`, { dispatcher: keepAlive, headers });
  const body = await response.body.text();
  if (response.statusCode !== 200) {
    throw new Error(`GET ${pathAndQuery} answered ${response.statusCode}: ${body.slice(0, 300)}`);
  }
  return body;
}

/** `appCpuSeconds`: the server process's CPU during the import (holds better than wall time on a shared machine). */
export type ImportFigures = { entities: number; batches: number; seconds: number; appCpuSeconds: number };

/** Imports `total` synthetic entities through POST /api/v1/catalog/import, `batch` per location. */
export async function importThroughApi(server: BenchServer, total: number, batch = 500): Promise<ImportFigures> {
  const files = syntheticCatalog(total, batch);
  const cpuBefore = server.cpuMs();
  const started = performance.now();
  let done = 0;
  for (const [i, file] of files.entries()) {
    const response = await request(`${server.baseUrl}/api/v1/catalog/import?location=bench:batch-${i}`, {
      method: "POST",
      dispatcher: keepAlive,
      headers: { authorization: server.authorization, "content-type": "application/yaml" },
      body: file.text,
    });
    const body = await response.body.text();
    if (response.statusCode !== 200)
      throw new Error(`import ${i} answered ${response.statusCode}: ${body.slice(0, 300)}`);
    done += 1;
    if (process.stdout.isTTY) process.stdout.write(`\rimporting: ${done}/${files.length} batches`);
  }
  if (process.stdout.isTTY) process.stdout.write("\r");
  const seconds = (performance.now() - started) / 1000;
  return { entities: total, batches: files.length, seconds, appCpuSeconds: (server.cpuMs() - cpuBefore) / 1000 };
}

const WORDS = ["payment", "booking", "ledger", "fraud", "invoice", "checkout", "gateway", "kafka", "refund", "audit"];
const SUFFIXES = ["service", "worker", "api", "web", "sync"];
const TAGS = ["java", "go", "python", "kafka", "pci", "tier-1"];

/** The query mix of issue 11: each kind cycles through values so no answer is one cached row. */
export const QUERY_MIX: [string, (i: number) => string][] = [
  ["list", () => "limit=50"],
  ["one-word search", (i) => `q=${WORDS[i % WORDS.length]}`],
  ["two-word search + kind", (i) => `q=${WORDS[i % WORDS.length]}+${SUFFIXES[i % SUFFIXES.length]}&kind=component`],
  ["owner", (i) => `owner=team-${i % 40}`],
  ["kind+lifecycle+type", (i) => `kind=component&lifecycle=${i % 2 ? "production" : "experimental"}&type=service`],
  ["tag", (i) => `tag=${TAGS[i % TAGS.length]}`],
];

const TYPOS = ["pyment", "boking", "ledgr", "frud", "invice", "chekout", "gatway", "kafa", "refnd", "audt"];

/**
 * Queries the mix leaves out, as another generator's users would send them: a type or a
 * lifecycle alone, teams and systems (hundreds of relations each), a misspelt word, the newest
 * changes of a kind, the reverse name order, a three-word search.
 */
export const OTHER_MIX: [string, (i: number) => string][] = [
  ["type", (i) => `type=${["website", "library", "openapi"][i % 3]}`],
  ["lifecycle", (i) => `lifecycle=${i % 2 ? "deprecated" : "experimental"}`],
  ["teams and systems", (i) => `kind=${i % 2 ? "group" : "system"}`],
  ["misspelt word", (i) => `q=${TYPOS[i % TYPOS.length]}`],
  ["newest of a kind", (i) => `sort=updated&kind=${i % 2 ? "api" : "component"}`],
  // Several values of a facet: no single index range holds them in order (queries.ts valueRanges).
  ["newest of two kinds", (i) => `sort=updated&kind=api&kind=${i % 2 ? "system" : "group"}`],
  ["two kinds by name", (i) => `kind=${i % 2 ? "system" : "api"}&kind=group`],
  ["reverse name order", (i) => `sort=-name&tag=${TAGS[i % TAGS.length]}`],
  ["three-word search", (i) => `q=${WORDS[i % WORDS.length]}+${SUFFIXES[i % SUFFIXES.length]}+handles`],
];

export type MixFigures = Map<string, number[]>;

/** Sends the mix round-robin, `perKind` of each, one at a time; returns the samples per kind. */
export async function runMix(
  send: (query: string) => Promise<unknown>,
  perKind: number,
  mix = QUERY_MIX,
): Promise<MixFigures> {
  const out: MixFigures = new Map(mix.map(([label]) => [label, []]));
  // Warm up: compiled code paths, the pool's connections, the database's caches.
  for (let i = 0; i < 10; i++) for (const [, make] of mix) await send(make(i));
  for (let i = 0; i < perKind; i++) {
    for (const [label, make] of mix) {
      const [sample] = await timeMany(1, () => send(make(i)));
      out.get(label)?.push(sample);
    }
  }
  return out;
}

export function httpMix(server: BenchServer, perKind: number, mix = QUERY_MIX): Promise<MixFigures> {
  return runMix((query) => httpGet(server, `/api/v1/entities?${query}`), perKind, mix);
}

/** The same mix through the library function the route calls: what HTTP, auth and JSON add is the difference. */
export function inProcessMix(database: Database, perKind: number): Promise<MixFigures> {
  return runMix(async (query) => {
    const parsed = entityQuerySchema.parse(searchParamsToObject(new URLSearchParams(query)));
    // Serialised as the route does, so the JSON cost is on both sides.
    return JSON.stringify(await listEntities(database.db, parsed));
  }, perKind);
}

export function printMix(title: string, figures: MixFigures, target?: number): void {
  console.log(title);
  const all: number[] = [];
  for (const [label, samples] of figures) {
    all.push(...samples);
    console.log(formatSummary(`  ${label}`, summarise(samples)));
  }
  console.log(formatSummary("  overall", summarise(all), target));
}

/**
 * The fixed cost of a request: an empty route, one entity with its relations, a page of one and of 50
 * (token auth, JSON). Besides wall clock, the server's CPU per request: on a shared machine that
 * figure holds when latency does not.
 */
export async function httpBaseline(server: BenchServer, samples: number): Promise<void> {
  const cases: [string, string][] = [
    ["  GET /api/health (no auth, select 1)", "/api/health"],
    ["  GET one entity (token, relations)", "/api/v1/entities/group/default/team-1"],
    ["  GET /api/v1/entities?limit=1", "/api/v1/entities?limit=1"],
    ["  GET /api/v1/entities?limit=50", "/api/v1/entities?limit=50"],
  ];
  console.log(
    `fixed cost per request (keep-alive, sequential, ${samples} each; load average ${os.loadavg()[0].toFixed(1)}):`,
  );
  for (const [label, path] of cases) {
    await timeMany(10, () => httpGet(server, path));
    const cpuBefore = server.cpuMs();
    const figures = summarise(await timeMany(samples, () => httpGet(server, path)));
    const cpuPerRequest = (server.cpuMs() - cpuBefore) / samples;
    console.log(`${formatSummary(label, figures)}  server CPU ${cpuPerRequest.toFixed(2)} ms/request`);
  }
}

/**
 * GET /api/v1/entities/facets (all seven counts): shared while the catalog is unchanged, so measured
 * both ways — the same filter set again (answered from the shared counts) and a new key each time
 * (`limit` is part of the key and barely changes the work: every request scans), unfiltered and with
 * a kind filter.
 */
export async function httpFacets(server: BenchServer, samples: number): Promise<void> {
  console.log(
    `facets with counts over HTTP (sequential, ${samples} each; load average ${os.loadavg()[0].toFixed(1)}):`,
  );
  const cases: [string, (i: number) => string][] = [
    ["  facets, shared counts (same filters)", () => "/api/v1/entities/facets"],
    ["  facets, counted (no filter)", (i) => `/api/v1/entities/facets?limit=${1 + (i % 200)}`],
    ["  facets, counted (kind=component)", (i) => `/api/v1/entities/facets?kind=component&limit=${1 + (i % 200)}`],
    // Filters other than kind: the matching entities are counted (lib/catalog/queries.ts countedFacets).
    [
      "  facets, counted (lifecycle)",
      (i) => `/api/v1/entities/facets?lifecycle=${i % 2 ? "production" : "experimental"}&limit=${1 + (i % 200)}`,
    ],
    ["  facets, counted (tag)", (i) => `/api/v1/entities/facets?tag=${TAGS[i % TAGS.length]}&limit=${1 + (i % 200)}`],
    [
      "  facets, counted (one-word search)",
      (i) => `/api/v1/entities/facets?q=${WORDS[i % WORDS.length]}&limit=${1 + (i % 200)}`,
    ],
  ];
  for (const [label, path] of cases) {
    await httpGet(server, path(200));
    const cpuBefore = server.cpuMs();
    const figures = summarise(await timeMany(samples, (i) => httpGet(server, path(i))));
    const cpuPerRequest = (server.cpuMs() - cpuBefore) / samples;
    console.log(`${formatSummary(label, figures)}  server CPU ${cpuPerRequest.toFixed(2)} ms/request`);
  }
}
