import { and, asc, count, eq, getTableColumns, gt, isNull, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { sessions, users, ROLES, type Role } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { assertCan, type Actor } from "@/lib/access/permissions";

export type UserRow = typeof users.$inferSelect;

export function actorFromUser(user: UserRow): Actor {
  return { kind: "user", id: user.id, login: user.login, name: user.name, role: user.role };
}

const LOGIN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** A login is what the catalog's User entity is named (and a GitHub login fits the same rule). */
export function assertValidLogin(raw: unknown): string {
  const login = typeof raw === "string" ? raw.trim() : "";
  if (!LOGIN.test(login)) {
    throw new AppError(
      "bad_request:auth",
      "A login is 1-63 letters, digits, dots, dashes or underscores, starting with a letter or digit.",
      [{ field: "login", message: "1-63 letters, digits, . _ -" }],
    );
  }
  return login;
}

export async function findUserByLogin(db: DbOrTx, login: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.login, login));
  return row ?? null;
}

/** Every account, without password hashes (they never leave lib/auth). */
export async function listUsers(db: Db): Promise<Omit<UserRow, "passwordHash">[]> {
  const { passwordHash: _omitted, ...columns } = getTableColumns(users);
  return db.select(columns).from(users).orderBy(asc(users.login));
}

export type UserListRow = Omit<UserRow, "passwordHash"> & { hasPassword: boolean; activeSessions: number };

/** For Admin → Users: who exists, how they sign in and how many live sessions they have (never a password hash). */
export async function listUsersForAdmin(db: Db, actor: Actor, now = new Date()): Promise<UserListRow[]> {
  assertCan(actor, "admin:users");
  const live = db
    .select({ userId: sessions.userId, n: count().as("n") })
    .from(sessions)
    .where(and(isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .groupBy(sessions.userId)
    .as("live");
  const rows = await db
    .select({ user: users, activeSessions: sql<number>`coalesce(${live.n}, 0)`.mapWith(Number) })
    .from(users)
    .leftJoin(live, eq(live.userId, users.id))
    .orderBy(asc(users.login));
  return rows.map(({ user: { passwordHash, ...user }, activeSessions }) => ({
    ...user,
    hasPassword: passwordHash !== null,
    activeSessions,
  }));
}

export async function setUserRole(db: Db, actor: Actor, input: { userId: string; role: Role }): Promise<UserRow> {
  assertCan(actor, "admin:users");
  if (!ROLES.includes(input.role)) {
    throw new AppError("bad_request:users", `role must be one of ${ROLES.join(", ")}`, [
      { field: "role", message: "invalid role" },
    ]);
  }
  return db.transaction(async (tx) => {
    const [target] = await tx.select().from(users).where(eq(users.id, input.userId));
    if (!target) throw new AppError("not_found:users", "No such user.");
    if (target.role === "admin" && input.role !== "admin") await assertNotLastAdmin(tx, target.id);
    const [updated] = await tx.update(users).set({ role: input.role }).where(eq(users.id, input.userId)).returning();
    await recordAudit(tx, actor, {
      action: "user.role",
      target: target.login,
      details: { from: target.role, to: input.role },
    });
    return updated;
  });
}

/** Someone must stay able to manage users: refuse to demote or disable the last enabled admin. */
export async function assertNotLastAdmin(tx: DbOrTx, userId: string): Promise<void> {
  const admins = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "admin"), isNull(users.disabledAt)));
  if (admins.length <= 1 && admins.some((a) => a.id === userId)) {
    throw new AppError("conflict:users", "This is the last admin; make someone else admin first.");
  }
}
