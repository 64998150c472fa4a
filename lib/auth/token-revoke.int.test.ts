// Several app processes (the launcher's workers, replicas) each keep a short cache of resolved tokens.
// A revoke in one must be refused by every other at once: two pools on one database stand for two
// processes here (each pool has its own cache and its own LISTEN connection).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openDatabase, poolOf, type Database } from "@/db/client";
import { listenerDrops, notificationsHandled } from "@/db/notifications";
import { apiTokens } from "@/db/schema";
import { eq, sql } from "drizzle-orm";
import { signInWithDevLogin } from "./sign-in";
import { actorFromToken, createApiToken, revokeApiToken } from "./tokens";
import { actorFromUser } from "./users";

const url = process.env.DATABASE_URL;

async function admin(statement: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

describe.skipIf(!url)("a token revoked in one process is refused by the others at once (DATABASE_URL)", () => {
  const name = `portolan_t_${randomBytes(6).toString("hex")}`;
  let one: Database;
  let two: Database;

  beforeAll(async () => {
    await admin(`create database ${name}`);
    const target = new URL(url!);
    target.pathname = `/${name}`;
    one = await openDatabase({ url: target.toString() });
    two = await openDatabase({ url: target.toString() });
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await admin(`drop database if exists ${name} with (force)`);
  });

  async function tokenFor(label: string) {
    const founder = actorFromUser(await signInWithDevLogin(one.db, { login: "founder" }));
    const created = await createApiToken(one.db, founder, { name: label, role: "viewer", scopes: ["catalog:read"] });
    return { founder, created };
  }

  it("process two has the token cached; process one revokes it; process two refuses it on its next request", async () => {
    const { founder, created } = await tokenFor("shared");
    // Both resolve it, so both hold it in their two-second cache (once each listens for revokes).
    for (const db of [one.db, two.db]) {
      expect(await actorFromToken(db, created.token, undefined)).toMatchObject({ name: "shared" });
      await notificationsHandled(poolOf(db));
      expect(await actorFromToken(db, created.token, undefined)).toMatchObject({ name: "shared" });
    }
    // Still cached: a change behind the cache's back (no notification) is not seen within two seconds.
    await two.db.update(apiTokens).set({ name: "renamed" }).where(eq(apiTokens.id, created.id));
    expect(await actorFromToken(two.db, created.token, undefined)).toMatchObject({ name: "shared" });

    await revokeApiToken(one.db, founder, created.id);
    // The notification is on its way at commit; this waits only until process two has read it.
    await notificationsHandled(poolOf(two.db));
    expect(await actorFromToken(two.db, created.token, undefined)).toBeNull();
    expect(await actorFromToken(one.db, created.token, undefined)).toBeNull();
  });

  it("when the listening connection drops, a process stops serving tokens from its cache", async () => {
    const { created } = await tokenFor("unheard");
    expect(await actorFromToken(two.db, created.token, undefined)).toMatchObject({ name: "unheard" });
    await notificationsHandled(poolOf(two.db));
    const drops = listenerDrops(poolOf(two.db));
    // Cut the LISTEN connections (as a failover or a network cut would), then revoke behind the caches' backs.
    await one.db.execute(
      sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'portolan-listen' and datname = current_database()`,
    );
    await one.db.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, created.id));
    await vi.waitFor(() => expect(listenerDrops(poolOf(two.db))).toBe(drops + 1), { timeout: 10_000 });
    // Messages may have been missed while it was down: the cache was dropped, the database decides.
    expect(await actorFromToken(two.db, created.token, undefined)).toBeNull();
  });
});
