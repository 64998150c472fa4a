import { count, eq } from "drizzle-orm";
import { isTrustedCatalogUser } from "@/lib/catalog/trusted-data";
import type { Db, DbOrTx } from "@/db/client";
import { users, type Role } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { actorFromUser, assertValidLogin, type UserRow } from "./users";

function notAUser(login: string): AppError {
  return new AppError(
    "forbidden:auth",
    `${login} is not a Portolan user. Ask an admin to invite you, or to import your User entity into the catalog.`,
  );
}

function assertEnabled(user: UserRow): void {
  if (user.disabledAt)
    throw new AppError("forbidden:auth", `The account ${user.login} is disabled; ask an admin to enable it.`);
}

async function touch(tx: DbOrTx, user: UserRow, set: Partial<UserRow> = {}): Promise<UserRow> {
  const [updated] = await tx
    .update(users)
    .set({ ...set, lastSignInAt: new Date() })
    .where(eq(users.id, user.id))
    .returning();
  return updated;
}

async function createAccount(
  tx: DbOrTx,
  values: { login: string; name?: string | null; email?: string | null; role: Role; githubId?: string },
  how: string,
) {
  const [created] = await tx
    .insert(users)
    .values({
      login: values.login,
      name: values.name ?? null,
      email: values.email ?? null,
      role: values.role,
      githubId: values.githubId ?? null,
      lastSignInAt: new Date(),
    })
    .returning();
  await recordAudit(tx, actorFromUser(created), {
    action: "user.first-sign-in",
    target: created.login,
    details: { role: created.role, via: how },
  });
  return created;
}

/**
 * The password-less development sign-in (only when PORTOLAN_DEV_LOGIN=true). Known people get in;
 * a catalog User gets a viewer account; the very first person becomes admin so a local portal
 * has someone to assign roles. Nobody else.
 */
export async function signInWithDevLogin(db: Db, input: { login: string }): Promise<UserRow> {
  const login = assertValidLogin(input.login);
  return db.transaction(async (tx) => {
    const existing = (await tx.select().from(users).where(eq(users.login, login)))[0];
    if (existing) {
      assertEnabled(existing);
      return touch(tx, existing);
    }
    const [{ n }] = await tx.select({ n: count() }).from(users);
    if (n > 0 && !(await isTrustedCatalogUser(tx, login))) throw notAUser(login);
    return createAccount(tx, { login, role: n === 0 ? "admin" : "viewer" }, "dev");
  });
}

/**
 * GitHub OAuth sign-in. The account is bound to GitHub's numeric user id at the first sign-in, so a
 * renamed or re-registered GitHub login never inherits someone's account; local password accounts
 * are never claimed through GitHub. Known people get in; catalog Users get a viewer account.
 */
export async function signInWithGithub(
  db: Db,
  input: { login: string; githubId: string; name?: string | null; email?: string | null },
): Promise<UserRow> {
  const login = assertValidLogin(input.login);
  if (!/^\d{1,20}$/.test(input.githubId))
    throw new AppError("bad_request:auth", "GitHub did not say who you are; try again.");
  return db.transaction(async (tx) => {
    const bound = (await tx.select().from(users).where(eq(users.githubId, input.githubId)))[0];
    if (bound) {
      assertEnabled(bound);
      return touch(tx, bound);
    }
    const existing = (await tx.select().from(users).where(eq(users.login, login)))[0];
    if (existing) {
      if (existing.githubId) {
        throw new AppError(
          "forbidden:auth",
          `The account ${login} belongs to another GitHub user; ask an admin if this is you.`,
        );
      }
      if (existing.passwordHash) {
        throw new AppError("forbidden:auth", `The account ${login} signs in with a password, not GitHub.`);
      }
      assertEnabled(existing);
      return touch(tx, existing, {
        githubId: input.githubId,
        name: existing.name ?? input.name ?? null,
        email: existing.email ?? input.email ?? null,
      });
    }
    if (!(await isTrustedCatalogUser(tx, login))) throw notAUser(login);
    return createAccount(
      tx,
      { login, name: input.name, email: input.email, role: "viewer", githubId: input.githubId },
      "github",
    );
  });
}
