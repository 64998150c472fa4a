// npm run bench [-- <suites>] [--entities 20000] [--driver postgres|embedded|both] [--connections 200]
//   [--duration 20] [--load-mix all|api|pages|health] [--per-kind 100] [--port 3442] [--rebuild]
//   [--settle 180]
// Benchmarks with printed figures. `catalog`, `pages` and `load` go through HTTP: they start the
// production build (scripts/serve.mjs; `next build` first if there is none) on a fresh database per
// driver, import the synthetic catalog through the API, wait (up to --settle seconds, 0: not at all) for
// the background work the import started to end, then measure; `catalog` also times the same
// query mix in-process on the same data. `scorecards` starts the production build too, on its own
// data and scorecards directory (scripts/bench/scorecards.ts). The other suites (`catalog-lib`,
// github, provisioning, delivery, import-latency) call the library in-process. Real Postgres needs DATABASE_URL (a fresh
// database is created beside it and dropped afterwards); the embedded database uses a temp dir.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { openDatabase, type Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { benchCatalog } from "./bench/catalog";
import { benchImportLatency } from "./bench/import-latency";
import { benchGithub } from "./bench/github";
import { benchDelivery } from "./bench/delivery";
import { benchProvisioning } from "./bench/provisioning";
import { ensureBuild, startBenchServer, type Driver } from "./bench/http-server";
import {
  httpBaseline,
  httpFacets,
  httpMix,
  importThroughApi,
  inProcessMix,
  OTHER_MIX,
  printMix,
} from "./bench/http-catalog";
import { benchPages } from "./bench/http-pages";
import { benchLoad, LOAD_MIXES, type LoadMix } from "./bench/http-load";
import { benchScorecards } from "./bench/scorecards";
import { waitForQuiet } from "./bench/settle";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    entities: { type: "string", default: process.env.BENCH_ENTITIES ?? "20000" },
    driver: { type: "string", default: "both" },
    connections: { type: "string", default: "200" },
    duration: { type: "string", default: "20" },
    "load-mix": { type: "string", default: "all" },
    settle: { type: "string", default: "180" },
    "per-kind": { type: "string", default: "100" },
    port: { type: "string", default: "3442" },
    rebuild: { type: "boolean", default: false },
  },
});

function whole(name: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`--${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return n;
}

const entities = whole("entities", values.entities, 1, 10_000_000);
const settleSeconds = whole("settle", values.settle, 0, 3600);
const loadMix = values["load-mix"] as LoadMix;
if (!LOAD_MIXES.includes(loadMix)) {
  console.error(`--load-mix must be one of ${LOAD_MIXES.join(", ")}, got ${JSON.stringify(values["load-mix"])}`);
  process.exit(2);
}
const connections = whole("connections", values.connections, 1, 10_000);
const durationSeconds = whole("duration", values.duration, 1, 600);
const perKind = whole("per-kind", values["per-kind"], 1, 100_000);
const port = whole("port", values.port, 1024, 65_535);
if (!["postgres", "embedded", "both"].includes(values.driver)) {
  console.error(`--driver must be postgres, embedded or both, got ${JSON.stringify(values.driver)}`);
  process.exit(2);
}

const LIBRARY_SUITES: Record<string, (database: Database) => Promise<void>> = {
  "catalog-lib": (database) => benchCatalog(database, entities),
  github: (database) => benchGithub(database),
  provisioning: (database) => benchProvisioning(database),
  delivery: (database) => benchDelivery(database),
  "import-latency": (database) => benchImportLatency(database),
};
const HTTP_SUITES = ["catalog", "pages", "load"];
// Through HTTP too, each on a server of its own (its own data and settings).
const SERVER_SUITES: Record<string, (driver: Driver) => Promise<void>> = {
  scorecards: (driver) => benchScorecards(driver, port),
};
const ALL_SUITES = [...HTTP_SUITES, ...Object.keys(SERVER_SUITES), ...Object.keys(LIBRARY_SUITES)];

const unknown = positionals.filter((name) => !ALL_SUITES.includes(name));
if (unknown.length) {
  console.error(`unknown suite(s): ${unknown.join(", ")}; choose from ${ALL_SUITES.join(", ")}`);
  process.exit(2);
}
const names = positionals.length ? positionals : ALL_SUITES;

const drivers: Driver[] = [];
if (values.driver !== "embedded") {
  if (process.env.DATABASE_URL) drivers.push("postgres");
  else console.log("DATABASE_URL is not set: real-Postgres runs are skipped.");
}
if (values.driver !== "postgres" && process.env.BENCH_EMBEDDED !== "false") drivers.push("embedded");

async function httpSuites(driver: Driver, asked: string[]): Promise<void> {
  const server = await startBenchServer(driver, port);
  try {
    console.log(`\n== HTTP (${driver}, production build on ${server.baseUrl}, load ${os.loadavg()[0].toFixed(1)}) ==`);
    const figures = await importThroughApi(server, entities);
    console.log(
      `import through the API: ${figures.entities} entities in ${figures.batches} batches of ≤ 500: ${figures.seconds.toFixed(1)} s (${Math.round(figures.entities / figures.seconds)} entities/s); app CPU ${figures.appCpuSeconds.toFixed(1)} s, RSS ${server.rssMiB()} MiB`,
    );
    if (settleSeconds > 0) {
      const settled = await waitForQuiet(server, settleSeconds);
      console.log(
        `background work after the import: ${settled.quiet ? "quiet" : "still busy"} after ${settled.seconds.toFixed(1)} s (app CPU ${settled.appCpuSeconds.toFixed(1)} s)`,
      );
    }
    if (asked.includes("catalog")) await httpBaseline(server, perKind);
    if (asked.includes("catalog"))
      printMix(
        `catalog mix over HTTP (keep-alive, sequential, ${perKind} per kind):`,
        await httpMix(server, perKind),
        driver === "postgres" ? 10 : 20,
      );
    if (asked.includes("catalog"))
      printMix(
        `other filters and searches over HTTP (keep-alive, sequential, ${perKind} per kind):`,
        await httpMix(server, perKind, OTHER_MIX),
      );
    if (asked.includes("catalog")) await httpFacets(server, perKind);
    if (asked.includes("pages")) await benchPages(server);
    if (asked.includes("load")) await benchLoad(server, { connections, durationSeconds, mix: loadMix });
    if (asked.includes("catalog")) {
      // The embedded database has one owner: the server lets go before this process reads it.
      await server.stop();
      const database = await server.open();
      try {
        printMix(`same mix in-process (listEntities + JSON.stringify):`, await inProcessMix(database, perKind));
      } finally {
        await database.close();
      }
    }
  } finally {
    await server.dispose();
  }
}

async function withDatabase(open: () => Promise<Database>, run: (db: Database) => Promise<void>) {
  const database = await open();
  try {
    await run(database);
  } finally {
    await database.close();
  }
}

const askedHttp = names.filter((name) => HTTP_SUITES.includes(name));
const askedServer = names.filter((name) => SERVER_SUITES[name]);
if (askedHttp.length || askedServer.length) ensureBuild(values.rebuild);
for (const driver of drivers) {
  if (askedHttp.length) await httpSuites(driver, askedHttp);
  for (const name of askedServer) await SERVER_SUITES[name](driver);
}
// Generating a million rows takes longer than any statement of the app may.
const postgres = testDatabases({ statementTimeoutMs: 0 }).find((t) => t.name === "postgres");
for (const name of names.filter((n) => LIBRARY_SUITES[n])) {
  if (postgres && drivers.includes("postgres")) await withDatabase(postgres.open, LIBRARY_SUITES[name]);
  if (!drivers.includes("embedded")) continue;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `portolan-bench-${name}-`));
  try {
    await withDatabase(() => openDatabase({ dataDir: dir }), LIBRARY_SUITES[name]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
process.exit(0);
