import { and, eq, isNull, or, isNotNull, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { signInLinks, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { assertPasswordAcceptable, hashPassword } from "./passwords";
import { clearAttempts } from "./sign-in-attempts";
import { consumeLink, createSignInLink, findUsableLink } from "./sign-in-links";
import { actorFromUser, assertValidLogin, type UserRow } from "./users";

export const SETUP_LINK_TTL_MS = 24 * 3_600_000;

/**
 * True while no enabled admin can sign in with a secret (a password, or a GitHub identity already
 * bound). Accounts created without either (an old development sign-in) do not count: nobody could
 * use them in production.
 */
export async function needsSetup(db: DbOrTx): Promise<boolean> {
  const [admin] = await db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.role, "admin"),
        isNull(users.disabledAt),
        or(isNotNull(users.passwordHash), isNotNull(users.githubId)),
      ),
    )
    .limit(1);
  return !admin;
}

/**
 * A one-time link that creates the first admin, or null when an admin exists. Printed at every start
 * while setup is needed; each start makes a new one and earlier ones stay valid until they expire or
 * the first admin exists (several replicas may each print one).
 */
export async function createSetupLink(db: Db, now = new Date()): Promise<{ secret: string; expiresAt: Date } | null> {
  if (!(await needsSetup(db))) return null;
  const { secret, expiresAt } = await createSignInLink(db, { kind: "setup", ttlMs: SETUP_LINK_TTL_MS, now });
  return { secret, expiresAt };
}

/** Whether a setup link can still be used, with the reason if not (for the /setup page before the form). */
export async function checkSetupLink(db: Db, secret: string): Promise<void> {
  await findUsableLink(db, "setup", secret);
  if (!(await needsSetup(db)))
    throw new AppError("conflict:auth", "Portolan already has an admin; sign in, or ask an admin to invite you.");
}

/**
 * Creates the first admin with a password and spends the link. Serialised by an advisory lock so two
 * setup links used at once cannot make two "first" admins.
 */
export async function completeSetup(
  db: Db,
  input: { secret: string; login: string; name?: string | null; password: string },
  context: { ip?: string | null } = {},
): Promise<UserRow> {
  const login = assertValidLogin(input.login);
  assertPasswordAcceptable(input.password, { login });
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('portolan:setup'))`);
    const link = await findUsableLink(tx, "setup", input.secret);
    if (!(await needsSetup(tx)))
      throw new AppError("conflict:auth", "Portolan already has an admin; sign in, or ask an admin to invite you.");
    await consumeLink(tx, link);
    const values = {
      name: input.name?.trim() || null,
      role: "admin" as const,
      passwordHash,
      passwordChangedAt: new Date(),
      disabledAt: null,
    };
    // An account with this login may exist from before (a catalog or development sign-in): the
    // person holding the setup link is the server's operator and takes it over.
    const [admin] = await tx
      .insert(users)
      .values({ login, ...values })
      .onConflictDoUpdate({ target: users.login, set: values })
      .returning();
    // Other setup links printed earlier are useless now; withdraw them so none lingers.
    await tx
      .update(signInLinks)
      .set({ revokedAt: new Date() })
      .where(and(eq(signInLinks.kind, "setup"), isNull(signInLinks.usedAt), isNull(signInLinks.revokedAt)));
    await clearAttempts(tx, login);
    await recordAudit(tx, actorFromUser(admin), { action: "user.setup-admin", target: login, ip: context.ip });
    return admin;
  });
}
