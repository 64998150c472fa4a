// npm run bench — benchmarks with printed figures. Real Postgres when DATABASE_URL is set (in a
// fresh database that is dropped afterwards), and the embedded database (in a temp dir) always.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, type Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { benchCatalog } from "./bench/catalog";

const total = Number(process.env.BENCH_ENTITIES ?? 20_000);

async function withDatabase(open: () => Promise<Database>, run: (db: Database) => Promise<void>) {
  const database = await open();
  try {
    await run(database);
  } finally {
    await database.close();
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portolan-bench-"));
try {
  const postgres = testDatabases().find((t) => t.name === "postgres");
  if (postgres) await withDatabase(postgres.open, (db) => benchCatalog(db, total));
  else console.log("DATABASE_URL is not set: skipping the real-Postgres run.");
  if (process.env.BENCH_EMBEDDED !== "false") await withDatabase(() => openDatabase({ dataDir: dir }), (db) => benchCatalog(db, total));
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
