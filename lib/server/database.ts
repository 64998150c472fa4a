import { openDatabase, type Database } from "@/db/client";
import { seedDemo } from "@/lib/demo/seed-demo";
import { isDevLoginEnabled } from "@/lib/runtime/config";
import { databaseOptionsFromEnv } from "@/lib/runtime/database-options";

type Holder = { __portolanDatabase?: Promise<Database> };
const holder = globalThis as Holder;

async function start(): Promise<Database> {
  const database = await openDatabase(databaseOptionsFromEnv());
  if (database.isNew && database.kind === "embedded" && process.env.PORTOLAN_DEMO !== "false") {
    const summary = await seedDemo(database.db, { accounts: isDevLoginEnabled() });
    console.info(
      `[portolan] new embedded database: seeded the demo organisation (${summary.entities} entities, ${summary.users} users)`,
    );
  }
  return database;
}

/**
 * The process's one database. Kept on globalThis so dev reloads reuse it (an embedded data
 * directory has one owner). `next build` must never open it: pages that read data are dynamic.
 */
export function getDatabase(): Promise<Database> {
  if (process.env.NEXT_PHASE === "phase-production-build") {
    throw new Error("The database is not available while building; make the page dynamic.");
  }
  holder.__portolanDatabase ??= start().catch((error) => {
    holder.__portolanDatabase = undefined;
    throw error;
  });
  return holder.__portolanDatabase;
}

export async function getDb() {
  return (await getDatabase()).db;
}
