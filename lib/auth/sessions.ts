import { and, eq, isNotNull, isNull, lt, or } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { sessions, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { sessionIdleMs, sessionMaxMs } from "@/lib/runtime/config";
import { assertCan, type Actor } from "@/lib/access/permissions";
import { actorFromUser } from "./users";

export type SessionClaims = { sid?: unknown; uid?: unknown; [claim: string]: unknown };
export type SessionLimits = { idleMs: number; maxMs: number };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Last-seen is written at most this often, so reads do not turn into a write per request.
const TOUCH_EVERY_MS = 60_000;

function limitsFromEnv(): SessionLimits {
  return { idleMs: sessionIdleMs(), maxMs: sessionMaxMs() };
}

/** A new server-side session for a successful sign-in; the cookie will carry only its id. */
export async function startSession(
  db: DbOrTx,
  input: { userId: string; method: string; ip?: string | null },
  options: { now?: Date; limits?: SessionLimits } = {},
): Promise<{ id: string; expiresAt: Date }> {
  const now = options.now ?? new Date();
  const { maxMs } = options.limits ?? limitsFromEnv();
  // Forget this person's long-dead sessions as they sign in again, so the table stays small.
  await db
    .delete(sessions)
    .where(
      and(
        eq(sessions.userId, input.userId),
        or(
          lt(sessions.expiresAt, new Date(now.getTime() - 86_400_000)),
          and(isNotNull(sessions.revokedAt), lt(sessions.revokedAt, new Date(now.getTime() - 86_400_000))),
        ),
      ),
    );
  const [row] = await db
    .insert(sessions)
    .values({
      userId: input.userId,
      method: input.method,
      ip: input.ip ?? null,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + maxMs),
    })
    .returning({ id: sessions.id, expiresAt: sessions.expiresAt });
  return row;
}

/**
 * The actor behind a session cookie's claims, or null when the session is unknown, revoked, idle
 * too long, past its absolute lifetime, or its account is disabled. The role is read fresh.
 */
export async function resolveSession(
  db: DbOrTx,
  claims: SessionClaims,
  options: { now?: Date; limits?: SessionLimits } = {},
): Promise<Actor | null> {
  const { sid, uid } = claims;
  if (typeof sid !== "string" || typeof uid !== "string" || !UUID.test(sid) || !UUID.test(uid)) return null;
  const now = options.now ?? new Date();
  const { idleMs } = options.limits ?? limitsFromEnv();
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sid), eq(sessions.userId, uid)));
  if (!row) return null;
  const { session, user } = row;
  if (session.revokedAt || user.disabledAt) return null;
  if (session.expiresAt.getTime() <= now.getTime()) return null;
  if (session.lastSeenAt.getTime() + idleMs <= now.getTime()) return null;
  if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    await db
      .update(sessions)
      .set({ lastSeenAt: now })
      .where(and(eq(sessions.id, sid), isNull(sessions.revokedAt)));
  }
  return actorFromUser(user);
}

/** Sign-out: the session's cookie is refused from now on, even if someone kept a copy. */
export async function revokeSession(db: DbOrTx, sid: unknown, now = new Date()): Promise<void> {
  if (typeof sid !== "string" || !UUID.test(sid)) return;
  await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.id, sid), isNull(sessions.revokedAt)));
}

export async function revokeUserSessions(db: DbOrTx, userId: string, now = new Date()): Promise<number> {
  const revoked = await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return revoked.length;
}

/** An admin signs someone out of every browser at once (a lost laptop, a leaver). */
export async function signOutEverywhere(
  db: Db,
  actor: Actor,
  userId: string,
  context: { ip?: string | null } = {},
): Promise<number> {
  assertCan(actor, "admin:users");
  return db.transaction(async (tx) => {
    const [user] = await tx.select({ login: users.login }).from(users).where(eq(users.id, userId));
    if (!user) throw new AppError("not_found:users", "No such user.");
    const revoked = await revokeUserSessions(tx, userId);
    await recordAudit(tx, actor, {
      action: "user.sign-out-everywhere",
      target: user.login,
      details: { sessions: revoked },
      ip: context.ip,
    });
    return revoked;
  });
}
