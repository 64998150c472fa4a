import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { signInLinks, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { assertPasswordAcceptable, hashPassword } from "./passwords";
import { assertCan, type Actor } from "@/lib/access/permissions";
import { revokeUserSessions } from "./sessions";
import { clearAttempts } from "./sign-in-attempts";
import { consumeLink, createSignInLink, findUsableLink } from "./sign-in-links";
import { actorFromUser, type UserRow } from "./users";

export const RESET_TTL_MS = 24 * 3_600_000;

/**
 * An admin resets someone's password by handing them a one-time link: the admin never learns the
 * new password. Works for accounts that had none (a GitHub or old development account gains one).
 */
export async function createPasswordReset(
  db: Db,
  actor: Actor,
  userId: string,
  context: { ip?: string | null } = {},
): Promise<{ login: string; secret: string; expiresAt: Date }> {
  assertCan(actor, "admin:users");
  return db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId));
    if (!user) throw new AppError("not_found:users", "No such user.");
    if (user.disabledAt) throw new AppError("conflict:users", `${user.login} is disabled; enable the account first.`);
    await tx
      .update(signInLinks)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(signInLinks.kind, "reset"),
          eq(signInLinks.userId, userId),
          isNull(signInLinks.usedAt),
          isNull(signInLinks.revokedAt),
        ),
      );
    const link = await createSignInLink(tx, {
      kind: "reset",
      ttlMs: RESET_TTL_MS,
      userId,
      login: user.login,
      createdBy: actor.kind === "user" ? actor.id : null,
    });
    await recordAudit(tx, actor, {
      action: "user.password-reset",
      target: user.login,
      details: { expiresAt: link.expiresAt.toISOString() },
      ip: context.ip,
    });
    return { login: user.login, secret: link.secret, expiresAt: link.expiresAt };
  });
}

export async function describePasswordReset(db: Db, secret: string): Promise<{ login: string; expiresAt: Date }> {
  const link = await findUsableLink(db, "reset", secret);
  return { login: link.login ?? "", expiresAt: link.expiresAt };
}

/** The person sets a new password: their other sessions end and a lockout on the login is lifted. */
export async function acceptPasswordReset(
  db: Db,
  input: { secret: string; password: string },
  context: { ip?: string | null } = {},
): Promise<UserRow> {
  const preview = await findUsableLink(db, "reset", input.secret);
  assertPasswordAcceptable(input.password, { login: preview.login ?? undefined });
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const link = await findUsableLink(tx, "reset", input.secret);
    await consumeLink(tx, link);
    const [user] = link.userId ? await tx.select().from(users).where(eq(users.id, link.userId)) : [];
    if (!user) throw new AppError("not_found:users", "This account no longer exists.");
    if (user.disabledAt) throw new AppError("forbidden:auth", "This account is disabled; ask an admin to enable it.");
    const [updated] = await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: new Date() })
      .where(eq(users.id, user.id))
      .returning();
    await revokeUserSessions(tx, user.id);
    await clearAttempts(tx, user.login);
    await recordAudit(tx, actorFromUser(updated), { action: "user.password-set", target: user.login, ip: context.ip });
    return updated;
  });
}
