import { asc, count, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users, ROLES, type Role } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { isTrustedCatalogUser } from "@/lib/catalog/trusted-data";
import { assertCan, type Actor } from "./permissions";

export type UserRow = typeof users.$inferSelect;

export function actorFromUser(user: UserRow): Actor {
  return { kind: "user", id: user.id, login: user.login, name: user.name, role: user.role };
}

export async function findUserById(db: Db, id: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row ?? null;
}

export async function findUserByLogin(db: Db, login: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.login, login));
  return row ?? null;
}

export async function listUsers(db: Db): Promise<UserRow[]> {
  return db.select().from(users).orderBy(asc(users.login));
}

/**
 * Signs a person in by login. Known portal users get in; a login that matches a catalog User
 * entity gets a viewer account; the very first person gets admin so someone can assign roles.
 * Anyone else is refused with a message that says who can let them in.
 */
export async function signInUser(db: Db, input: { login: string; name?: string | null; email?: string | null }): Promise<UserRow> {
  const login = input.login.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(login)) {
    throw new AppError("bad_request:auth", "A login is 1-63 letters, digits, dots, dashes or underscores.");
  }
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(users).where(eq(users.login, login));
    if (existing) {
      const [updated] = await tx.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, existing.id)).returning();
      return updated;
    }
    const [{ n }] = await tx.select({ n: count() }).from(users);
    // Only User entities from trusted locations (admin, system, GitHub teams) let someone in.
    const inCatalog = await isTrustedCatalogUser(tx, login);
    if (n > 0 && !inCatalog) {
      throw new AppError(
        "forbidden:auth",
        `${login} is not a Portolan user. Ask an admin to add you, or to import your User entity into the catalog.`,
      );
    }
    const role: Role = n === 0 ? "admin" : "viewer";
    const [created] = await tx
      .insert(users)
      .values({ login, name: input.name ?? null, email: input.email ?? null, role, lastSignInAt: new Date() })
      .returning();
    await recordAudit(tx, actorFromUser(created), { action: "user.first-sign-in", target: login, details: { role } });
    return created;
  });
}

export async function setUserRole(db: Db, actor: Actor, input: { userId: string; role: Role }): Promise<UserRow> {
  assertCan(actor, "admin:users");
  if (!ROLES.includes(input.role)) {
    throw new AppError("bad_request:users", `role must be one of ${ROLES.join(", ")}`, [{ field: "role", message: "invalid role" }]);
  }
  return db.transaction(async (tx) => {
    const [target] = await tx.select().from(users).where(eq(users.id, input.userId));
    if (!target) throw new AppError("not_found:users", "No such user.");
    if (target.role === "admin" && input.role !== "admin") {
      const admins = await tx.select({ id: users.id }).from(users).where(eq(users.role, "admin"));
      if (admins.length <= 1) throw new AppError("conflict:users", "This is the last admin; make someone else admin first.");
    }
    const [updated] = await tx.update(users).set({ role: input.role }).where(eq(users.id, input.userId)).returning();
    await recordAudit(tx, actor, { action: "user.role", target: target.login, details: { from: target.role, to: input.role } });
    return updated;
  });
}
