// npm run bench [-- catalog github provisioning delivery import-latency scorecards] — benchmarks with printed figures. Each suite runs
// on real Postgres when DATABASE_URL is set (a fresh database, dropped afterwards) and on the
// embedded database (a fresh temp dir) unless BENCH_EMBEDDED=false.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, type Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { readNumber } from "@/lib/runtime/settings";
import { benchCatalog } from "./bench/catalog";
import { benchImportLatency } from "./bench/import-latency";
import { benchGithub } from "./bench/github";
import { benchDelivery } from "./bench/delivery";
import { benchProvisioning } from "./bench/provisioning";
import { benchScorecards } from "./bench/scorecards";

const SUITES: Record<string, (database: Database) => Promise<void>> = {
  catalog: (database) =>
    benchCatalog(
      database,
      readNumber({
        name: "BENCH_ENTITIES",
        default: 20_000,
        min: 1,
        max: 10_000_000,
        integer: true,
        outOfRange: "refuse",
      }),
    ),
  github: (database) => benchGithub(database),
  provisioning: (database) => benchProvisioning(database),
  delivery: (database) => benchDelivery(database),
  "import-latency": (database) => benchImportLatency(database),
  scorecards: (database) => benchScorecards(database),
};

async function withDatabase(open: () => Promise<Database>, run: (db: Database) => Promise<void>) {
  const database = await open();
  try {
    await run(database);
  } finally {
    await database.close();
  }
}

const asked = process.argv.slice(2).filter((a) => a !== "--");
const unknown = asked.filter((name) => !SUITES[name]);
if (unknown.length) {
  console.error(`unknown suite(s): ${unknown.join(", ")}; choose from ${Object.keys(SUITES).join(", ")}`);
  process.exit(2);
}
const names = asked.length ? asked : Object.keys(SUITES);
// Generating a million rows takes longer than any statement of the app may.
const postgres = testDatabases({ statementTimeoutMs: 0 }).find((t) => t.name === "postgres");
if (!postgres) console.log("DATABASE_URL is not set: real-Postgres runs are skipped.");

for (const name of names) {
  if (postgres) await withDatabase(postgres.open, SUITES[name]);
  if (process.env.BENCH_EMBEDDED === "false") continue;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `portolan-bench-${name}-`));
  try {
    await withDatabase(() => openDatabase({ dataDir: dir }), SUITES[name]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
process.exit(0);
