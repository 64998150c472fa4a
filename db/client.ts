import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from "drizzle-orm/pg-core";
import { getTableColumns, sql, type SQL, type Table } from "drizzle-orm";
import pg from "pg";
import * as schema from "./schema";
import { acquireDataDirLock } from "./lock";
import { stopListening } from "./notifications";

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
  driver:
    | { pool: pg.Pool; settings: PoolSettings; pglite?: undefined }
    | { pglite: PGlite; pool?: undefined; settings?: undefined };
  close: () => Promise<void>;
};

/** Deadlines and size of the pool to a PostgreSQL server (lib/runtime reads them from the environment). */
export type PoolSettings = {
  max: number;
  /** Longest a statement may run (0: no limit); past it the server cancels it. */
  statementTimeoutMs: number;
  /** Longest to wait for a new connection (the server is down, or the network is). */
  connectTimeoutMs: number;
  /** An idle connection is closed after this long. */
  idleTimeoutMs: number;
};

export const DEFAULT_POOL_SETTINGS: PoolSettings = {
  max: 10,
  statementTimeoutMs: 30_000,
  connectTimeoutMs: 10_000,
  idleTimeoutMs: 30_000,
};

export type OpenOptions =
  | { url: string; pool?: Partial<PoolSettings> }
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

/** pg's options for these settings: the pool's (ours and pg-boss's) and the server session's. */
export function pgConnectionOptions(settings: PoolSettings) {
  return {
    max: settings.max,
    connectionTimeoutMillis: settings.connectTimeoutMs,
    idleTimeoutMillis: settings.idleTimeoutMs,
    // A server that vanished without closing the socket (a failover, a cut network) is noticed.
    keepAlive: true,
    // Sent at connection start, so it holds on every connection the pool opens.
    ...(settings.statementTimeoutMs > 0 ? { statement_timeout: settings.statementTimeoutMs } : {}),
  };
}

async function openPostgres(url: string, poolSettings: Partial<PoolSettings> = {}): Promise<Database> {
  const settings = { ...DEFAULT_POOL_SETTINGS, ...poolSettings };
  const pool = new pg.Pool({ connectionString: url, ...pgConnectionOptions(settings) });
  // An idle connection the server closed (restart, failover, a dropped test database) must not
  // crash the process: the pool replaces it on the next query.
  pool.on("error", (error) => console.warn(`[portolan] database connection closed: ${error.message}`));
  // pg-pool listens for errors only while a connection is idle; one that drops while checked out (in
  // the middle of a transaction, between statements) would emit an error nobody hears, which ends
  // the process. The statement in flight fails instead, and the pool discards the connection.
  pool.on("connect", (client) =>
    client.on("error", (error) => console.warn(`[portolan] database connection lost while in use: ${error.message}`)),
  );
  // Several app replicas and workers may start at once: one migrates, the others wait.
  const client = await pool.connect();
  let isNew = false;
  try {
    // Waiting for another replica's migration, and a migration itself, may take longer than any statement should.
    await client.query("set statement_timeout = 0");
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_ID]);
    isNew = !(await hasMigrationsTable((sql) => client.query(sql)));
    await migratePg(drizzlePg(client, { schema }), { migrationsFolder: MIGRATIONS });
  } finally {
    await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_ID]).catch(() => {});
    await client.query("reset statement_timeout").catch(() => {});
    client.release();
  }
  return {
    db: drizzlePg(pool, { schema }) as unknown as Db,
    kind: "postgres",
    location: redactUrl(url),
    isNew,
    openedAt: new Date(),
    driver: { pool, settings },
    close: async () => {
      await stopListening(pool);
      await pool.end();
    },
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
  if ("url" in options) return openPostgres(options.url, options.pool);
  if ("dataDir" in options) return openEmbedded(path.resolve(options.dataDir));
  return openEmbedded(null);
}

/**
 * Errors that say the database could not be reached or dropped the connection (a restart, a failover,
 * a full server, a statement past its deadline): the request may succeed when tried again, so they
 * answer 503 with a message rather than 500. Looks through drizzle's wrapper to the driver's error.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  for (const { code, message } of errorChain(error)) {
    if (typeof code === "string") {
      // 08: connection exception; 57P01-57P03: admin shutdown, crash shutdown, cannot connect now;
      // 53300: too many connections; 57014: cancelled (statement_timeout).
      if (/^08/.test(code) || ["57P01", "57P02", "57P03", "53300", "57014"].includes(code)) return true;
      if (["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH"].includes(code))
        return true;
    }
    if (
      typeof message === "string" &&
      /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly/i.test(
        message,
      )
    )
      return true;
  }
  return false;
}

/** The error and the causes it wraps (drizzle wraps the driver's error), outermost first. */
function* errorChain(error: unknown): Generator<{ code?: unknown; message?: unknown }> {
  for (
    let e: unknown = error, depth = 0;
    e && typeof e === "object" && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  )
    yield e as { code?: unknown; message?: unknown };
}

/**
 * A transaction the database aborted because it collided with a concurrent one: a deadlock (40P01)
 * or a serialization failure (40001). Nothing it wrote remains, and run again it succeeds.
 */
export function isTransactionConflict(error: unknown): boolean {
  for (const { code } of errorChain(error)) if (code === "40P01" || code === "40001") return true;
  return false;
}

/**
 * Runs `work` again (up to `attempts` times in all, after a short random pause) when the database
 * aborted it as a transaction conflict; `work` must be safe to repeat from the start.
 */
export async function retryTransactionConflicts<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isTransactionConflict(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 80 * attempt));
    }
  }
}

/**
 * Strings as one text[] bind parameter, for `= any(…)` in raw SQL: the same plan as `in (…)`, but one
 * parameter however many values (sqlList's thousands cost drizzle and the driver per value).
 */
export const sqlTextArray = (values: readonly string[]): SQL => sql`${sql.param([...values])}::text[]`;

/** Values as one comma-separated list of bind parameters, for `in (…)` in raw SQL (a few values). */
export const sqlList = (values: readonly (string | number)[]): SQL =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/** Raw SQL that returns rows, the same way on both drivers (their result types differ). */
export async function queryRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

const dialect = new PgDialect();

/**
 * `queryRows` as a named prepared statement on real Postgres: each pooled connection plans it once
 * instead of on every call (planning a page's views cost more than running them). Only for a statement
 * whose text is always the same and whose best plan does not depend on its values (lookups by primary
 * key); `name` must be unique to that text. In a transaction, and on the embedded database, it runs as
 * queryRows does.
 */
export async function queryPrepared<T>(db: DbOrTx, name: string, query: SQL): Promise<T[]> {
  const pool = poolOf(db);
  if (!pool) return queryRows<T>(db, query);
  const { sql: text, params } = dialect.sqlToQuery(query);
  const result = await pool.query<T & pg.QueryResultRow>({ name, text, values: params });
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

/** Whether `db` has a pool of connections (real Postgres): a long transaction there makes no other request wait. */
export function hasConnectionPool(db: Db): boolean {
  return poolOf(db) !== null;
}

/** Whether `db`'s connections were closed (Database.close): background work that outlived it stops quietly. */
export function isClosed(db: Db): boolean {
  const client = (db as unknown as { $client?: unknown }).$client;
  if (client instanceof pg.Pool) return client.ending;
  return Boolean((client as { closed?: boolean } | undefined)?.closed);
}

/** The pool under `db` on real Postgres; null on the embedded database and inside a transaction. */
export function poolOf(db: DbOrTx): pg.Pool | null {
  const client = (db as unknown as { $client?: unknown }).$client;
  return client instanceof pg.Pool ? client : null;
}
