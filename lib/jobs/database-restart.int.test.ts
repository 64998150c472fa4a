// A PostgreSQL restart while the portal runs: every connection of its database is terminated
// (pg_terminate_backend, as a restart or failover does) in the middle of work, and the same process
// then reads, writes and runs a job — no restart of the app, no crash from a dropped idle connection.
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { isTransientDatabaseError, openDatabase, poolOf, queryRows, type Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { errorResponse } from "@/lib/http/error-response";
import { defineJob } from "./define-job";
import { startWorker, type Queue } from "./queue";

const target = testDatabases().find((t) => t.name === "postgres");

async function until(check: () => Promise<boolean>, ms = 60_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** What a server restart does to this database's sessions (the admin connection is on another database). */
async function terminateEveryConnection(database: Database): Promise<number> {
  const name = new URL(database.location).pathname.slice(1);
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query(
      "select count(*)::int as n from (select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()) t",
      [name],
    );
    return rows[0].n;
  } finally {
    await admin.end();
  }
}

describe.skipIf(!target)("a PostgreSQL restart while the portal works (DATABASE_URL)", () => {
  let database: Database;
  let queue: Queue;
  const done: string[] = [];
  const job = defineJob({
    name: "test-after-restart",
    schema: z.object({ tag: z.string() }),
    pollingIntervalSeconds: 0.5,
    handle: async ({ tag }) => void done.push(tag),
  });

  beforeAll(async () => {
    database = await target!.open();
    await database.db.execute(sql`create table restart_probe (id serial primary key, note text not null)`);
    queue = await startWorker(database, { jobs: [job] });
  });
  afterAll(async () => {
    await queue?.stop();
    await database?.close();
  });

  it("survives idle connections being dropped, and work in flight fails as 'unavailable' (503), not as a crash", async () => {
    // Idle connections in both pools (ours and the queue's), then all of them dropped.
    await Promise.all([1, 2, 3].map(() => queryRows(database.db, sql`select 1`)));
    expect(await terminateEveryConnection(database)).toBeGreaterThan(0);
    // The pool lets go of each dropped connection when it reads the server's FATAL message. Until then
    // it may hand one out, and work started on it fails at once instead of being in flight: wait for
    // the pool to hold no idle connection (under load the backends take a while to exit).
    await until(async () => poolOf(database.db)!.idleCount === 0);

    // Work in flight: a long statement and a transaction waiting between two statements.
    const statement = queryRows(database.db, sql`select pg_sleep(30)`);
    let inTransaction: () => void = () => {};
    const transaction = database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into restart_probe (note) values ('lost with the connection')`);
      await new Promise<void>((resolve) => (inTransaction = resolve));
      await tx.execute(sql`insert into restart_probe (note) values ('never written')`);
    });
    const settled = Promise.allSettled([statement, transaction]);
    try {
      await until(async () => {
        const [row] = await queryRows<{ n: number }>(
          database.db,
          sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and query like '%pg_sleep(30)%' and pid <> pg_backend_pid()`,
        );
        return row.n > 0;
      });
      expect(await terminateEveryConnection(database)).toBeGreaterThan(0);
    } finally {
      // Let the transaction go on either way, so a failure here does not hold a connection past the suite.
      inTransaction();
    }

    const failures = await settled;
    for (const failure of failures) {
      expect(failure.status).toBe("rejected");
      const reason = (failure as PromiseRejectedResult).reason;
      expect(isTransientDatabaseError(reason), String(reason)).toBe(true);
      const response = errorResponse(reason);
      expect(response.status).toBe(503);
      expect((await response.json()).error.code).toBe("unavailable:database");
    }
  });

  it("then reads, writes and runs a job in the same process", async () => {
    // Reads and writes on fresh connections (the pool replaces the dropped ones). A connection killed
    // while idle may be handed out once before its FATAL message is read; that request answers 503
    // (above), and the next ones work.
    await until(async () => (await queryRows(database.db, sql`select 1 as ok`)).length === 1);
    await until(async () => (await queryRows(database.db, sql`select 1 as ok`)).length === 1);
    await database.db.execute(sql`insert into restart_probe (note) values ('after the restart')`);
    const notes = await queryRows<{ note: string }>(database.db, sql`select note from restart_probe order by id`);
    expect(notes.map((n) => n.note)).toEqual(["after the restart"]);
    // A job sent in a transaction and one sent alone are both worked (the queue's pool and its LISTEN reconnect).
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into restart_probe (note) values ('with a job')`);
      await queue.enqueue("test-after-restart", { tag: "in a transaction" }, { tx });
    });
    await until(async () => (await queue.enqueue("test-after-restart", { tag: "alone" })) !== undefined);
    await until(async () => done.includes("in a transaction") && done.includes("alone"));
    expect(done).toEqual(expect.arrayContaining(["in a transaction", "alone"]));
  });

  it("a statement past its deadline is cancelled by the server and answers 503", async () => {
    const strict = await openDatabase({ url: database.location.replace("***", ""), pool: { statementTimeoutMs: 200 } });
    try {
      const error = await queryRows(strict.db, sql`select pg_sleep(5)`).catch((e) => e);
      expect(isTransientDatabaseError(error)).toBe(true);
      expect(String(error.cause?.message ?? error.message)).toMatch(/statement timeout/);
      // The connection stays usable for the next statement.
      expect(await queryRows(strict.db, sql`select 1 as ok`)).toEqual([{ ok: 1 }]);
    } finally {
      await strict.close();
    }
  });
});
