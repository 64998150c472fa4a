import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiTokens, ROLES, type Role } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { assertCan, type Actor } from "./permissions";

const TOKEN_PREFIX = "ptl_";

/** Tokens are 256 random bits, so one fast hash is enough; the secret itself is never stored. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function safeEqual(a: string, b: string): boolean {
  const left = createHash("sha256").update(a).digest();
  const right = createHash("sha256").update(b).digest();
  return timingSafeEqual(left, right);
}

export type CreatedToken = { id: string; name: string; role: Role; prefix: string; token: string };

export async function createApiToken(db: Db, actor: Actor, input: { name: string; role: Role }): Promise<CreatedToken> {
  assertCan(actor, "admin:tokens");
  const name = input.name.trim();
  if (!name || name.length > 100) {
    throw new AppError("bad_request:tokens", "Name the token (1-100 characters) so you can recognise it later.", [
      { field: "name", message: "1-100 characters" },
    ]);
  }
  if (!ROLES.includes(input.role)) {
    throw new AppError("bad_request:tokens", `role must be one of ${ROLES.join(", ")}`, [{ field: "role", message: "invalid role" }]);
  }
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const prefix = token.slice(0, TOKEN_PREFIX.length + 6);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ name, role: input.role, prefix, tokenHash: hashToken(token), createdBy: actor.kind === "user" ? actor.id : null })
      .returning({ id: apiTokens.id });
    await recordAudit(tx, actor, { action: "token.create", target: row.id, details: { name, role: input.role, prefix } });
    return { id: row.id, name, role: input.role, prefix, token };
  });
}

export async function revokeApiToken(db: Db, actor: Actor, id: string): Promise<void> {
  assertCan(actor, "admin:tokens");
  await db.transaction(async (tx) => {
    const revoked = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id, name: apiTokens.name });
    if (revoked.length === 0) throw new AppError("not_found:tokens", "No active token with that id.");
    await recordAudit(tx, actor, { action: "token.revoke", target: id, details: { name: revoked[0].name } });
  });
}

export async function listApiTokens(db: Db, actor: Actor) {
  assertCan(actor, "admin:tokens");
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      role: apiTokens.role,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .orderBy(desc(apiTokens.createdAt));
}

/**
 * Resolves a bearer token to an actor, or null. `PORTOLAN_ADMIN_TOKEN` is compared in constant
 * time and acts as an admin for automation; stored tokens are looked up by their hash.
 */
export async function actorFromToken(db: Db, token: string, adminToken = process.env.PORTOLAN_ADMIN_TOKEN): Promise<Actor | null> {
  if (adminToken && safeEqual(token, adminToken)) return { kind: "system", name: "admin-token", role: "admin" };
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const [row] = await db
    .select({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt)));
  if (!row) return null;
  // Recording use at most once a minute keeps reads from turning into writes on every call.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.id));
  }
  return { kind: "token", id: row.id, name: row.name, role: row.role };
}
