import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { signInAttempts } from "@/db/schema";

/** Password guesses allowed per login in a window; then the login is locked for LOCK_MS. */
export const MAX_ATTEMPTS = 5;
export const WINDOW_MS = 15 * 60_000;
export const LOCK_MS = 15 * 60_000;

function key(login: string): string {
  return login.trim().toLowerCase().slice(0, 200);
}

export type AttemptVerdict = { allowed: true } | { allowed: false; lockedUntil: Date; justLocked: boolean };

/**
 * Counts an attempt BEFORE the password is checked, in one atomic statement, so parallel guesses
 * cannot all slip in before the first failure is recorded. A success clears the count
 * (`clearAttempts`); failures within WINDOW_MS beyond MAX_ATTEMPTS lock the login.
 */
export async function countAttempt(db: DbOrTx, login: string, now = new Date()): Promise<AttemptVerdict> {
  const windowStart = new Date(now.getTime() - WINDOW_MS);
  const t = signInAttempts;
  const fresh = sql`(${t.firstFailureAt} < ${windowStart} and (${t.lockedUntil} is null or ${t.lockedUntil} <= ${now}))`;
  const [row] = await db
    .insert(t)
    .values({ login: key(login), failures: 1, firstFailureAt: now })
    .onConflictDoUpdate({
      target: t.login,
      set: {
        failures: sql`case when ${fresh} then 1 else ${t.failures} + 1 end`,
        firstFailureAt: sql`case when ${fresh} then ${now}::timestamptz else ${t.firstFailureAt} end`,
        lockedUntil: sql`case when ${fresh} then null else ${t.lockedUntil} end`,
      },
    })
    .returning();
  if (row.lockedUntil && row.lockedUntil.getTime() > now.getTime())
    return { allowed: false, lockedUntil: row.lockedUntil, justLocked: false };
  if (row.failures <= MAX_ATTEMPTS) return { allowed: true };
  const lockedUntil = new Date(now.getTime() + LOCK_MS);
  await db.update(t).set({ lockedUntil }).where(eq(t.login, row.login));
  return { allowed: false, lockedUntil, justLocked: true };
}

export async function clearAttempts(db: DbOrTx, login: string): Promise<void> {
  await db.delete(signInAttempts).where(eq(signInAttempts.login, key(login)));
}
