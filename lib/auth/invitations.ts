import { and, desc, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { ROLES, signInLinks, users, type Role } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { assertPasswordAcceptable, hashPassword } from "./passwords";
import { assertCan, type Actor } from "@/lib/access/permissions";
import { consumeLink, createSignInLink, findUsableLink } from "./sign-in-links";
import { actorFromUser, assertValidLogin, type UserRow } from "./users";

export const INVITATION_TTL_MS = 7 * 24 * 3_600_000;

export type CreatedInvitation = { id: string; login: string; role: Role; secret: string; expiresAt: Date };

/** An admin invites a person: a one-time link for a login and a role, on which they choose a password. */
export async function inviteUser(
  db: Db,
  actor: Actor,
  input: { login: string; role: Role },
  context: { ip?: string | null } = {},
): Promise<CreatedInvitation> {
  assertCan(actor, "admin:users");
  const login = assertValidLogin(input.login);
  if (!ROLES.includes(input.role))
    throw new AppError("bad_request:users", `role must be one of ${ROLES.join(", ")}`, [
      { field: "role", message: "invalid role" },
    ]);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.login, login));
    if (existing)
      throw new AppError("conflict:users", `${login} already has an account; reset their password instead.`);
    // One open invitation per login: a new one withdraws the previous link.
    await tx
      .update(signInLinks)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(signInLinks.kind, "invitation"),
          eq(signInLinks.login, login),
          isNull(signInLinks.usedAt),
          isNull(signInLinks.revokedAt),
        ),
      );
    const link = await createSignInLink(tx, {
      kind: "invitation",
      ttlMs: INVITATION_TTL_MS,
      login,
      role: input.role,
      createdBy: actor.kind === "user" ? actor.id : null,
    });
    await recordAudit(tx, actor, {
      action: "user.invite",
      target: login,
      details: { role: input.role, expiresAt: link.expiresAt.toISOString() },
      ip: context.ip,
    });
    return { id: link.id, login, role: input.role, secret: link.secret, expiresAt: link.expiresAt };
  });
}

export async function listOpenInvitations(db: Db, actor: Actor, now = new Date()) {
  assertCan(actor, "admin:users");
  return db
    .select({
      id: signInLinks.id,
      login: signInLinks.login,
      role: signInLinks.role,
      createdAt: signInLinks.createdAt,
      expiresAt: signInLinks.expiresAt,
    })
    .from(signInLinks)
    .where(
      and(
        eq(signInLinks.kind, "invitation"),
        isNull(signInLinks.usedAt),
        isNull(signInLinks.revokedAt),
        gt(signInLinks.expiresAt, now),
      ),
    )
    .orderBy(desc(signInLinks.createdAt));
}

export async function withdrawInvitation(
  db: Db,
  actor: Actor,
  id: string,
  context: { ip?: string | null } = {},
): Promise<void> {
  assertCan(actor, "admin:users");
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(signInLinks)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(signInLinks.id, id),
          eq(signInLinks.kind, "invitation"),
          isNull(signInLinks.usedAt),
          isNull(signInLinks.revokedAt),
        ),
      )
      .returning({ login: signInLinks.login });
    if (!row) throw new AppError("not_found:users", "No open invitation with that id.");
    await recordAudit(tx, actor, { action: "user.invite-withdraw", target: row.login ?? undefined, ip: context.ip });
  });
}

/** What an invitation link offers, for the page before the form (or why it cannot be used). */
export async function describeInvitation(
  db: Db,
  secret: string,
): Promise<{ login: string; role: Role; expiresAt: Date }> {
  const link = await findUsableLink(db, "invitation", secret);
  return { login: link.login ?? "", role: link.role ?? "viewer", expiresAt: link.expiresAt };
}

/** The invited person sets their password; the account is created with the invitation's login and role. */
export async function acceptInvitation(
  db: Db,
  input: { secret: string; name?: string | null; password: string },
  context: { ip?: string | null } = {},
): Promise<UserRow> {
  const preview = await findUsableLink(db, "invitation", input.secret);
  assertPasswordAcceptable(input.password, { login: preview.login ?? undefined });
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const link = await findUsableLink(tx, "invitation", input.secret);
    await consumeLink(tx, link);
    const login = link.login ?? "";
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.login, login));
    if (existing)
      throw new AppError(
        "conflict:users",
        `${login} already has an account; sign in, or ask an admin to reset your password.`,
      );
    const [created] = await tx
      .insert(users)
      .values({
        login,
        name: input.name?.trim() || null,
        role: link.role ?? "viewer",
        passwordHash,
        passwordChangedAt: new Date(),
      })
      .returning();
    await recordAudit(tx, actorFromUser(created), {
      action: "user.invite-accept",
      target: login,
      details: { role: created.role },
      ip: context.ip,
    });
    return created;
  });
}
