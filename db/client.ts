import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { getTableColumns, sql, type SQL, type Table } from "drizzle-orm";
import pg from "pg";
import * as schema from "./schema";
import { acquireDataDirLock } from "./lock";

/** One type for both drivers: every query in lib/ is written once against it. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction or the database itself: use-cases accept either. */
export type DbOrTx = Parameters<Parameters<Db["transaction"]>[0]>[0] | Db;

export type Database = {
  db: Db;
  kind: "postgres" | "embedded";
  /** Where it lives, for messages: a redacted URL or a directory. */
  location: string;
  /** True when this open created the schema from nothing (used to seed the demo once). */
  isNew: boolean;
  /** When this process opened it (on the embedded database: since when it is the only owner). */
  openedAt: Date;
  /** The driver underneath, for libraries that need it (the job queue): exactly one is set. */
  driver: { pool: pg.Pool; pglite?: undefined } | { pglite: PGlite; pool?: undefined };
  close: () => Promise<void>;
};

export type OpenOptions =
  | { url: string }
  | { dataDir: string }
  /** An in-memory embedded database, for tests. */
  | { memory: true };

const MIGRATIONS = path.join(process.cwd(), "db", "migrations");
const MIGRATION_LOCK_ID = 724_370_001;

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "postgres://(unparseable URL)";
  }
}

async function hasMigrationsTable(query: (sql: string) => Promise<{ rows: unknown[] }>) {
  const { rows } = await query(
    "select 1 from information_schema.tables where table_schema = 'drizzle' and table_name = '__drizzle_migrations'",
  );
  return rows.length > 0;
}

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.PG_POOL_MAX ?? 10) });
  // An idle connection the server closed (restart, failover, a dropped test database) must not
  // crash the process: the pool replaces it on the next query.
  pool.on("error", (error) => console.warn(`[portolan] database connection closed: ${error.message}`));
  // Several app replicas and workers may start at once: one migrates, the others wait.
  const client = await pool.connect();
  let isNew = false;
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_ID]);
    isNew = !(await hasMigrationsTable((sql) => client.query(sql)));
    await migratePg(drizzlePg(client, { schema }), { migrationsFolder: MIGRATIONS });
  } finally {
    await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_ID]).catch(() => {});
    client.release();
  }
  return {
    db: drizzlePg(pool, { schema }) as unknown as Db,
    kind: "postgres",
    location: redactUrl(url),
    isNew,
    openedAt: new Date(),
    driver: { pool },
    close: () => pool.end(),
  };
}

async function openEmbedded(dataDir: string | null): Promise<Database> {
  const release = dataDir ? acquireDataDirLock(dataDir) : () => {};
  try {
    const client = await PGlite.create({
      ...(dataDir ? { dataDir: path.join(dataDir, "pg") } : {}),
      extensions: { pg_trgm },
    });
    const isNew = !(await hasMigrationsTable((sql) => client.query(sql)));
    const db = drizzlePglite(client, { schema });
    await migratePglite(db, { migrationsFolder: MIGRATIONS });
    return {
      db: db as unknown as Db,
      kind: "embedded",
      location: dataDir ?? "memory",
      isNew,
      openedAt: new Date(),
      driver: { pglite: client },
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/** Opens and migrates a database. Callers own the result and must close it. */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if ("url" in options) return openPostgres(options.url);
  if ("dataDir" in options) return openEmbedded(path.resolve(options.dataDir));
  return openEmbedded(null);
}

/** The configuration every entry point (app, CLI, worker) reads the same way. */
export function databaseOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): OpenOptions {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL };
  return { dataDir: env.PORTOLAN_DATA_DIR || ".data" };
}

/** Raw SQL that returns rows, the same way on both drivers (their result types differ). */
export async function queryRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * SQL text with `$1…$n` placeholders (what a library such as pg-boss hands over) as drizzle SQL, so
 * it can run on a drizzle transaction of either driver.
 */
export function fromPlaceholders(text: string, values: unknown[] = []): SQL {
  const parts = text.split(/\$(\d+)/);
  return sql.join(
    parts.map((part, i) => (i % 2 ? sql.param(values[Number(part) - 1]) : sql.raw(part))),
    sql.raw(""),
  );
}

/**
 * A row of `table` from raw SQL — column names as in the database, values as the driver or
 * `row_to_json` gives them — in the shape drizzle's own selects return.
 */
export function mapRow<T extends Table>(table: T, raw: Record<string, unknown>): T["$inferSelect"] {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = raw[column.name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as T["$inferSelect"];
}
