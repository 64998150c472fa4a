// Preview databases on a real PostgreSQL server (DATABASE_URL): a copy of a template database that the
// preview's own role owns, a seed that runs as that role (not as the admin), and nothing left after.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPreviewDatabase, databaseUrl, dropPreviewDatabase, urlFor } from "./postgres-server";

const server = process.env.DATABASE_URL;

async function withClient<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe.skipIf(!server)("preview databases on a PostgreSQL server", () => {
  const suffix = randomBytes(4).toString("hex");
  const template = `pv_seed_${suffix}`;
  const name = `pv_test_${suffix}`;
  const password = randomBytes(12).toString("base64url");
  beforeAll(async () => {
    await withClient(server!, (c) => c.query(`create database ${template}`));
    await withClient(databaseUrl(server!, template), (c) =>
      c.query(
        "create table bookings (id serial primary key, code text); insert into bookings (code) values ('BK-1'), ('BK-2')",
      ),
    );
  });
  afterAll(async () => {
    await dropPreviewDatabase(server!, name);
    await withClient(server!, (c) => c.query(`drop database if exists ${template} with (force)`));
  });

  it("copies a template database for a role of its own, which owns the copy and nothing else, and drops both", async () => {
    const lines: string[] = [];
    await createPreviewDatabase({ serverUrl: server!, name, password, template, log: (l) => lines.push(l) });
    expect(lines).toEqual([`created database ${name} as a copy of ${template}`]);
    const own = urlFor(server!, name, password, name);
    await withClient(own, async (c) => {
      expect((await c.query("select code from bookings order by id")).rows).toEqual([
        { code: "BK-1" },
        { code: "BK-2" },
      ]);
      await c.query("insert into bookings (code) values ('BK-3')");
      const role = await c.query(
        "select rolsuper, rolcreatedb, rolcreaterole from pg_roles where rolname = current_user",
      );
      expect(role.rows[0]).toEqual({ rolsuper: false, rolcreatedb: false, rolcreaterole: false });
    });
    // The template is untouched by the copy's writes.
    await withClient(databaseUrl(server!, template), async (c) => {
      expect((await c.query("select count(*)::int as n from bookings")).rows[0].n).toBe(2);
    });
    await dropPreviewDatabase(server!, name);
    await withClient(server!, async (c) => {
      expect((await c.query("select 1 from pg_database where datname = $1", [name])).rowCount).toBe(0);
      expect((await c.query("select 1 from pg_roles where rolname = $1", [name])).rowCount).toBe(0);
    });
  });

  it("runs a seed file as the preview's role: what needs a superuser fails", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portolan-seed-"));
    const seed = path.join(dir, "seed.sql");
    fs.writeFileSync(seed, "create table t (x int); copy t from program 'id';");
    const other = `${name}_b`;
    try {
      await expect(
        createPreviewDatabase({ serverUrl: server!, name: other, password, seedFile: seed, log: () => {} }),
      ).rejects.toThrow(/the seed file failed: .*(permission denied|must be superuser|privileges)/i);
    } finally {
      await dropPreviewDatabase(server!, other);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
