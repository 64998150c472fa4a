import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { poolOf, type Db } from "@/db/client";
import { subscribe, type Channel } from "@/db/notifications";
import { API_SCOPES, apiTokens, ROLES, type ApiScope, type Role } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { assertCan, scopesForRole, type Actor } from "@/lib/access/permissions";

const TOKEN_PREFIX = "ptl_";
const MAX_LIFETIME_MS = 2 * 366 * 86_400_000;

/** Tokens are 256 random bits, so one fast hash is enough; the secret itself is never stored. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function safeEqual(a: string, b: string): boolean {
  const left = createHash("sha256").update(a).digest();
  const right = createHash("sha256").update(b).digest();
  return timingSafeEqual(left, right);
}

export type CreatedToken = {
  id: string;
  name: string;
  role: Role;
  scopes: ApiScope[];
  expiresAt: Date | null;
  prefix: string;
  token: string;
};

export type CreateTokenInput = { name: string; role: Role; scopes: readonly ApiScope[]; expiresAt?: Date | null };

function badScopes(message: string): AppError {
  return new AppError("bad_request:tokens", message, [{ field: "scopes", message }]);
}

/** Refuses scopes that do not exist or that the token's role could never use. */
function checkScopes(role: Role, scopes: readonly ApiScope[]): ApiScope[] {
  const unique = [...new Set(scopes)];
  if (unique.length === 0) throw badScopes(`Choose at least one scope (${API_SCOPES.join(", ")}).`);
  const unknown = unique.filter((s) => !API_SCOPES.includes(s));
  if (unknown.length) throw badScopes(`Unknown scope ${unknown.join(", ")}; choose from ${API_SCOPES.join(", ")}.`);
  const allowed = scopesForRole(role);
  const excess = unique.filter((s) => !allowed.includes(s));
  if (excess.length)
    throw badScopes(
      `A ${role} token cannot use ${excess.join(", ")}; choose from ${allowed.join(", ")} or a stronger role.`,
    );
  return API_SCOPES.filter((s) => unique.includes(s));
}

export async function createApiToken(
  db: Db,
  actor: Actor,
  input: CreateTokenInput,
  now = new Date(),
): Promise<CreatedToken> {
  assertCan(actor, "admin:tokens");
  const name = input.name.trim();
  if (!name || name.length > 100) {
    throw new AppError("bad_request:tokens", "Name the token (1-100 characters) so you can recognise it later.", [
      { field: "name", message: "1-100 characters" },
    ]);
  }
  if (!ROLES.includes(input.role)) {
    throw new AppError("bad_request:tokens", `role must be one of ${ROLES.join(", ")}`, [
      { field: "role", message: "invalid role" },
    ]);
  }
  const scopes = checkScopes(input.role, input.scopes);
  const expiresAt = input.expiresAt ?? null;
  if (expiresAt && (expiresAt.getTime() <= now.getTime() || expiresAt.getTime() - now.getTime() > MAX_LIFETIME_MS)) {
    throw new AppError("bad_request:tokens", "The expiry must be in the future and at most two years away.", [
      { field: "expiresAt", message: "future, ≤ 2 years" },
    ]);
  }
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const prefix = token.slice(0, TOKEN_PREFIX.length + 6);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({
        name,
        role: input.role,
        scopes,
        expiresAt,
        prefix,
        tokenHash: hashToken(token),
        createdBy: actor.kind === "user" ? actor.id : null,
      })
      .returning({ id: apiTokens.id });
    await recordAudit(tx, actor, {
      action: "token.create",
      target: row.id,
      details: { name, role: input.role, scopes, prefix, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return { id: row.id, name, role: input.role, scopes, expiresAt, prefix, token };
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
    // Delivered at commit to every process listening (each clears its cache of tokens).
    await tx.execute(sql`select pg_notify(${REVOKED_CHANNEL}, ${id})`);
  });
  forgetCachedTokens(db);
}

/** Every token, newest first, with whether it has expired (as of now). */
export async function listApiTokens(db: Db, actor: Actor, now = new Date()) {
  assertCan(actor, "admin:tokens");
  const rows = await db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      role: apiTokens.role,
      scopes: apiTokens.scopes,
      createdAt: apiTokens.createdAt,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .orderBy(desc(apiTokens.createdAt));
  return rows.map((row) => ({ ...row, isExpired: row.expiresAt !== null && row.expiresAt.getTime() <= now.getTime() }));
}

type CachedToken = {
  id: string;
  name: string;
  role: Role;
  scopes: ApiScope[];
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  /** performance.now() when read from the database. */
  readAt: number;
};

/**
 * Valid tokens read in the last AUTH_CACHE_MS, per database, by hash. Every API request resolves its
 * token, and the lookup was a round trip to the database before any work. A revoke reaches every
 * process at once: it sends NOTIFY token_revoked at commit, and each process on real Postgres LISTENs
 * and clears its cache (db/notifications.ts). While that connection is down the cache is not used,
 * so a revoke is never missed; two seconds still bound an entry's age (a replica without the listener,
 * a revoke written by hand in SQL).
 */
const AUTH_CACHE_MS = 2_000;
const AUTH_CACHE_MAX = 1_000;
export const REVOKED_CHANNEL = "token_revoked";

type TokenCache = {
  entries: Map<string, CachedToken>;
  channel: Channel;
  /** Bumped at every clear: a read that started before a revoke must not land in the cache after it. */
  generation: number;
};
const tokenCache = new WeakMap<Db, TokenCache>();

function cacheOf(db: Db): TokenCache {
  let cache = tokenCache.get(db);
  if (!cache) {
    const created: TokenCache = { entries: new Map(), channel: { live: false }, generation: 0 };
    created.channel = subscribe(poolOf(db), REVOKED_CHANNEL, () => forgetCachedTokens(db));
    tokenCache.set(db, (cache = created));
  }
  return cache;
}

/** Forgets every cached token resolution (a revoke must take effect on the next request). */
export function forgetCachedTokens(db: Db): void {
  const cache = tokenCache.get(db);
  if (!cache) return;
  cache.entries.clear();
  cache.generation++;
}

async function readToken(db: Db, hash: string): Promise<CachedToken | null> {
  const cache = cacheOf(db);
  const usable = cache.channel.live;
  const cached = usable ? cache.entries.get(hash) : undefined;
  if (cached && performance.now() - cached.readAt < AUTH_CACHE_MS) return cached;
  if (cached) cache.entries.delete(hash);
  const generation = cache.generation;
  const [row] = await db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      role: apiTokens.role,
      scopes: apiTokens.scopes,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, hash), isNull(apiTokens.revokedAt)));
  if (!row) return null;
  const entry = { ...row, readAt: performance.now() };
  if (!cache.channel.live || generation !== cache.generation) return entry;
  // Many distinct tokens at once is unusual; start over rather than track recency.
  if (cache.entries.size >= AUTH_CACHE_MAX) cache.entries.clear();
  cache.entries.set(hash, entry);
  return entry;
}

/**
 * Resolves a bearer token to an actor, or null when unknown or revoked. An expired token is refused
 * with a message saying so. `PORTOLAN_ADMIN_TOKEN` is compared in constant time and acts as the
 * system with every scope; stored tokens are looked up by their hash (cached for two seconds).
 */
export async function actorFromToken(
  db: Db,
  token: string,
  adminToken = process.env.PORTOLAN_ADMIN_TOKEN,
  now = new Date(),
): Promise<Actor | null> {
  if (adminToken && safeEqual(token, adminToken)) return { kind: "system", name: "admin-token", role: "admin" };
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = await readToken(db, hashToken(token));
  if (!row) return null;
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) {
    throw new AppError(
      "unauthorized:auth",
      `The token “${row.name}” expired on ${row.expiresAt.toISOString()}; create a new one under Admin → API tokens.`,
    );
  }
  // Recording use at most once a minute keeps reads from turning into writes on every call.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    row.lastUsedAt = now;
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  }
  return { kind: "token", id: row.id, name: row.name, role: row.role, scopes: [...row.scopes] };
}
