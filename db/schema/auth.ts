import { sql } from "drizzle-orm";
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const ROLES = ["viewer", "developer", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** What an API token may do, on top of its role. `admin` implies every other scope. */
export const API_SCOPES = [
  "catalog:read",
  "catalog:write",
  "deployments:write",
  "incidents:write",
  "runs:write",
  "admin",
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** A person who may sign in. `login` matches the catalog User entity's name. */
export const users = pgTable("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  login: text("login").notNull().unique(),
  name: text("name"),
  email: text("email"),
  role: text("role").$type<Role>().notNull().default("viewer"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true }),
  /** scrypt hash (lib/auth/passwords.ts) of a local account's password; null: no password sign-in. */
  passwordHash: text("password_hash"),
  passwordChangedAt: timestamp("password_changed_at", { withTimezone: true }),
  /** GitHub's numeric user id, bound at the first GitHub sign-in so a renamed/reused login cannot take the account over. */
  githubId: text("github_id").unique(),
  /** A disabled account cannot sign in and its sessions are revoked. */
  disabledAt: timestamp("disabled_at", { withTimezone: true }),
});

/**
 * Server-side sessions: the session cookie (a next-auth JWT) carries only this row's id and the
 * user id, so a session can be revoked (sign-out, "sign out everywhere", disabling the account).
 */
export const sessions = pgTable(
  "sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    method: text("method").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    ip: text("ip"),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const SIGN_IN_LINK_KINDS = ["setup", "invitation", "reset"] as const;
export type SignInLinkKind = (typeof SIGN_IN_LINK_KINDS)[number];

/**
 * One-time links: the first admin's setup link, invitations and password resets. Only the
 * SHA-256 of the secret is stored; a link expires and is used at most once.
 */
export const signInLinks = pgTable(
  "sign_in_links",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").$type<SignInLinkKind>().notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    /** invitation: the login and role the new account gets; reset: the account. */
    login: text("login"),
    role: text("role").$type<Role>(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("sign_in_links_kind_idx").on(t.kind, t.createdAt)],
);

/** Failed password sign-ins per login (known or not, so a lockout tells nothing about who exists). */
export const signInAttempts = pgTable("sign_in_attempts", {
  login: text("login").primaryKey(),
  failures: integer("failures").notNull().default(0),
  firstFailureAt: timestamp("first_failure_at", { withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp("locked_until", { withTimezone: true }),
});

/** API tokens: only the SHA-256 of the secret is stored; the prefix lets people recognise theirs. */
export const apiTokens = pgTable("api_tokens", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  prefix: text("prefix").notNull(),
  tokenHash: text("token_hash").notNull().unique(),
  role: text("role").$type<Role>().notNull(),
  /** The token acts only where its role allows AND it holds the permission's scope. */
  scopes: text("scopes")
    .array()
    .$type<ApiScope[]>()
    .notNull()
    .default(sql`'{}'::text[]`),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp("expires_at", { withTimezone: true }),
  lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
});

/** Who did what, when, from where. Append-only. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    target: text("target"),
    details: jsonb("details")
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    ip: text("ip"),
  },
  (t) => [index("audit_log_at_idx").on(t.at)],
);
