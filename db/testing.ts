import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database, type PoolSettings } from "./client";

export type TestDatabaseTarget = { name: "embedded" | "postgres"; open: () => Promise<Database> };

async function createFreshPostgres(url: string, pool?: Partial<PoolSettings>): Promise<Database> {
  const name = `portolan_t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openDatabase({ url: target.toString(), pool });
  return {
    ...database,
    close: async () => {
      await database.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/**
 * The databases a data-layer suite runs against: always the embedded one (in memory), and the
 * PostgreSQL server at DATABASE_URL when it is set — each suite gets its own fresh database.
 */
export function testDatabases(pool?: Partial<PoolSettings>): TestDatabaseTarget[] {
  const targets: TestDatabaseTarget[] = [{ name: "embedded", open: () => openDatabase({ memory: true }) }];
  const url = process.env.DATABASE_URL;
  if (url) targets.push({ name: "postgres", open: () => createFreshPostgres(url, pool) });
  return targets;
}
