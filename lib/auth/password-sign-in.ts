import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { PASSWORD_MAX_LENGTH, verifyAgainstDummy, verifyPassword } from "./passwords";
import { clearAttempts, countAttempt } from "./sign-in-attempts";
import type { UserRow } from "./users";

const WRONG = "Wrong login or password.";

/**
 * Signs a local account in with its password. Every attempt counts against the login (known or
 * not) before the password is checked; a wrong login and a wrong password get the same answer in
 * the same time. Only someone who knows the password learns that the account is disabled.
 */
export async function signInWithPassword(
  db: Db,
  input: { login: unknown; password: unknown },
  context: { ip?: string | null; now?: Date } = {},
): Promise<UserRow> {
  const login = typeof input.login === "string" ? input.login.trim() : "";
  const password = typeof input.password === "string" ? input.password : "";
  if (!login || login.length > 63 || !password || password.length > PASSWORD_MAX_LENGTH)
    throw new AppError("unauthorized:auth", WRONG);
  const now = context.now ?? new Date();
  const verdict = await countAttempt(db, login, now);
  if (!verdict.allowed) {
    if (verdict.justLocked) {
      await recordAudit(
        db,
        { kind: "system", name: "sign-in", role: "admin" },
        {
          action: "auth.locked",
          target: login,
          details: { until: verdict.lockedUntil.toISOString() },
          ip: context.ip,
        },
      );
    }
    const minutes = Math.max(1, Math.ceil((verdict.lockedUntil.getTime() - now.getTime()) / 60_000));
    throw new AppError(
      "unauthorized:auth",
      `Too many failed sign-ins for this login; try again in ${minutes} minutes, or ask an admin to reset the password.`,
    );
  }
  const [user] = await db.select().from(users).where(eq(users.login, login));
  const matches = user?.passwordHash
    ? await verifyPassword(password, user.passwordHash)
    : await verifyAgainstDummy(password);
  if (!user || !matches) throw new AppError("unauthorized:auth", WRONG);
  await clearAttempts(db, login);
  if (user.disabledAt) throw new AppError("forbidden:auth", "This account is disabled; ask an admin to enable it.");
  const [updated] = await db.update(users).set({ lastSignInAt: now }).where(eq(users.id, user.id)).returning();
  return updated;
}
