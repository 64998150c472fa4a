import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { sessions, users } from "@/db/schema";
import { testDatabases } from "@/db/testing";
import { setUserDisabled } from "./disable-user";
import { resolveSession, revokeSession, signOutEverywhere, startSession } from "./sessions";
import { setUserRole, actorFromUser } from "./users";

const limits = { idleMs: 30 * 60_000, maxMs: 2 * 3_600_000 };
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

describe.each(testDatabases())("server-side sessions on $name", (target) => {
  let database: Database;
  let adminId: string;
  let userId: string;
  beforeAll(async () => {
    database = await target.open();
    const rows = await database.db
      .insert(users)
      .values([
        { login: "boss", role: "admin" },
        { login: "ann", role: "developer" },
      ])
      .returning();
    adminId = rows[0].id;
    userId = rows[1].id;
  });
  afterAll(async () => database?.close());

  it("resolves a live session to its user with the role read fresh", async () => {
    const now = new Date();
    const session = await startSession(database.db, { userId, method: "password" }, { now, limits });
    expect(session.expiresAt.getTime()).toBe(now.getTime() + limits.maxMs);
    expect(await resolveSession(database.db, { sid: session.id, uid: userId }, { now, limits })).toMatchObject({
      kind: "user",
      login: "ann",
      role: "developer",
    });
    await setUserRole(
      database.db,
      actorFromUser((await database.db.select().from(users).where(eq(users.id, adminId)))[0]),
      { userId, role: "viewer" },
    );
    expect(await resolveSession(database.db, { sid: session.id, uid: userId }, { now, limits })).toMatchObject({
      role: "viewer",
    });
    // Claims that do not match a row, or are not ids at all, resolve to nobody (never an error).
    expect(await resolveSession(database.db, { sid: session.id, uid: adminId }, { now, limits })).toBeNull();
    expect(
      await resolveSession(database.db, { sid: "x'; drop table users; --", uid: userId }, { now, limits }),
    ).toBeNull();
    expect(await resolveSession(database.db, { uid: userId }, { now, limits })).toBeNull();
  });

  it("ends a session after the idle timeout, and writes last-seen at most once a minute", async () => {
    const now = new Date();
    const { id } = await startSession(database.db, { userId, method: "password" }, { now, limits });
    const lastSeen = async () =>
      (await database.db.select().from(sessions).where(eq(sessions.id, id)))[0].lastSeenAt.getTime();
    expect(
      await resolveSession(database.db, { sid: id, uid: userId }, { now: at(now, 30_000), limits }),
    ).not.toBeNull();
    expect(await lastSeen()).toBe(now.getTime());
    expect(
      await resolveSession(database.db, { sid: id, uid: userId }, { now: at(now, 20 * 60_000), limits }),
    ).not.toBeNull();
    expect(await lastSeen()).toBe(at(now, 20 * 60_000).getTime());
    // Used 20 minutes in, so 45 minutes in is only 25 idle minutes: still good; 51 idle minutes later it is not.
    expect(
      await resolveSession(database.db, { sid: id, uid: userId }, { now: at(now, 45 * 60_000), limits }),
    ).not.toBeNull();
    expect(
      await resolveSession(database.db, { sid: id, uid: userId }, { now: at(now, 96 * 60_000), limits }),
    ).toBeNull();
  });

  it("ends a session at its absolute lifetime however active it is", async () => {
    const now = new Date();
    const { id } = await startSession(database.db, { userId, method: "password" }, { now, limits });
    for (let minute = 25; minute < 120; minute += 25) {
      expect(
        await resolveSession(database.db, { sid: id, uid: userId }, { now: at(now, minute * 60_000), limits }),
      ).not.toBeNull();
    }
    expect(
      await resolveSession(database.db, { sid: id, uid: userId }, { now: at(now, limits.maxMs), limits }),
    ).toBeNull();
  });

  it("sign-out revokes exactly that session", async () => {
    const a = await startSession(database.db, { userId, method: "password" }, { limits });
    const b = await startSession(database.db, { userId, method: "password" }, { limits });
    await revokeSession(database.db, a.id);
    await revokeSession(database.db, "not-a-uuid");
    expect(await resolveSession(database.db, { sid: a.id, uid: userId }, { limits })).toBeNull();
    expect(await resolveSession(database.db, { sid: b.id, uid: userId }, { limits })).not.toBeNull();
  });

  it("an admin signs someone out everywhere; disabling an account ends its sessions", async () => {
    const [boss] = await database.db.select().from(users).where(eq(users.id, adminId));
    const admin = actorFromUser(boss);
    const a = await startSession(database.db, { userId, method: "password" }, { limits });
    const b = await startSession(database.db, { userId, method: "github" }, { limits });
    const mine = await startSession(database.db, { userId: adminId, method: "password" }, { limits });
    expect(await signOutEverywhere(database.db, admin, userId)).toBeGreaterThanOrEqual(2);
    expect(await resolveSession(database.db, { sid: a.id, uid: userId }, { limits })).toBeNull();
    expect(await resolveSession(database.db, { sid: b.id, uid: userId }, { limits })).toBeNull();
    expect(await resolveSession(database.db, { sid: mine.id, uid: adminId }, { limits })).not.toBeNull();
    await expect(
      signOutEverywhere(database.db, { kind: "user", id: userId, login: "ann", name: null, role: "viewer" }, adminId),
    ).rejects.toMatchObject({
      code: "forbidden:auth",
    });

    const c = await startSession(database.db, { userId, method: "password" }, { limits });
    await setUserDisabled(database.db, admin, { userId, disabled: true });
    expect(await resolveSession(database.db, { sid: c.id, uid: userId }, { limits })).toBeNull();
    await setUserDisabled(database.db, admin, { userId, disabled: false });
    // Enabling again does not bring a revoked session back.
    expect(await resolveSession(database.db, { sid: c.id, uid: userId }, { limits })).toBeNull();
  });
});
