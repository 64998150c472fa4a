// Creating and dropping a preview's database on a PostgreSQL server. Each environment gets a role of
// its own (login, random password, no other rights) that owns a database of its own, created empty or
// as a copy of a template database (`CREATE DATABASE … TEMPLATE`, a file-level copy), with CONNECT
// revoked from everyone else. A seed file from the repository runs as that role, never as the admin
// the portal connects with (branch code must not get the server's superuser).
import fs from "node:fs";
import pg from "pg";

/**
 * The server preview databases are made on: PORTOLAN_PREVIEW_DATABASE_URL, else the portal's own
 * server (DATABASE_URL) when the portal runs on one; null on the embedded database (each preview then
 * gets an embedded PostgreSQL of its own).
 */
export function previewServerUrl(kind: "embedded" | "postgres", env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.PORTOLAN_PREVIEW_DATABASE_URL) return env.PORTOLAN_PREVIEW_DATABASE_URL;
  return kind === "postgres" ? (env.DATABASE_URL ?? null) : null;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000, statement_timeout: 300_000 });
  client.on("error", () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** The server's URL for another user, password and database. */
export function urlFor(serverUrl: string, user: string, password: string, database: string): string {
  const url = new URL(serverUrl);
  url.username = encodeURIComponent(user);
  url.password = encodeURIComponent(password);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.href;
}

/** The same server and credentials, another database. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.href;
}

export function serverAddress(serverUrl: string): { host: string; port: number } {
  const url = new URL(serverUrl);
  const socketHost = url.searchParams.get("host");
  return { host: socketHost || url.hostname || "127.0.0.1", port: Number(url.port) || 5432 };
}

export async function createPreviewDatabase(options: {
  serverUrl: string;
  name: string;
  password: string;
  template?: string | null;
  seedFile?: string | null;
  log: (line: string) => void;
}): Promise<void> {
  const { serverUrl, name, password } = options;
  await withClient(serverUrl, async (admin) => {
    const role = admin.escapeIdentifier(name);
    await admin.query(
      `create role ${role} login password ${admin.escapeLiteral(password)} nosuperuser nocreatedb nocreaterole noreplication connection limit 50`,
    );
    if (options.template) {
      const found = await admin.query("select 1 from pg_database where datname = $1", [options.template]);
      if (!found.rowCount) throw new Error(`there is no template database "${options.template}" on the server`);
      try {
        await admin.query(`create database ${role} owner ${role} template ${admin.escapeIdentifier(options.template)}`);
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        throw new Error(`could not copy the template database "${options.template}": ${text}`);
      }
      options.log(`created database ${name} as a copy of ${options.template}`);
    } else {
      await admin.query(`create database ${role} owner ${role}`);
      options.log(`created database ${name}`);
    }
    await admin.query(`revoke connect, temporary on database ${role} from public`);
  });
  if (options.template) {
    // The copy's tables still belong to the template's owner: hand them to the environment's role.
    await withClient(databaseUrl(serverUrl, name), (admin) =>
      admin.query(`do $$
        declare r record;
        begin
          for r in select format('%I.%I', schemaname, tablename) as t from pg_tables where schemaname not in ('pg_catalog', 'information_schema') loop
            execute format('alter table %s owner to %I', r.t, ${admin.escapeLiteral(name)});
          end loop;
          for r in select format('%I.%I', sequence_schema, sequence_name) as s from information_schema.sequences where sequence_schema not in ('pg_catalog', 'information_schema') loop
            execute format('alter sequence %s owner to %I', r.s, ${admin.escapeLiteral(name)});
          end loop;
          for r in select format('%I.%I', table_schema, table_name) as v from information_schema.views where table_schema not in ('pg_catalog', 'information_schema') loop
            execute format('alter view %s owner to %I', r.v, ${admin.escapeLiteral(name)});
          end loop;
        end $$`),
    );
  }
  if (options.seedFile) {
    const sql = fs.readFileSync(options.seedFile, "utf8");
    await withClient(urlFor(serverUrl, name, password, name), async (client) => {
      try {
        await client.query(sql);
      } catch (error) {
        throw new Error(`the seed file failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
    options.log(`seeded ${name} from the repository's seed file`);
  }
}

/** Drops the database (closing its connections) and its role; what is already gone is fine. */
export async function dropPreviewDatabase(serverUrl: string, name: string): Promise<void> {
  await withClient(serverUrl, async (admin) => {
    const id = admin.escapeIdentifier(name);
    await admin.query(`drop database if exists ${id} with (force)`);
    await admin.query(`drop role if exists ${id}`);
  });
}
