import { AppError, type ErrorCode } from "@/lib/errors";
import { API_SCOPES, type ApiScope, type Role } from "@/db/schema";

export type Actor =
  | { kind: "user"; id: string; login: string; name: string | null; role: Role }
  | { kind: "token"; id: string; name: string; role: Role; scopes: readonly ApiScope[] }
  | { kind: "system"; name: string; role: "admin" };

export const PERMISSIONS = {
  "catalog:read": ["viewer", "developer", "admin"],
  "catalog:write": ["developer", "admin"],
  /** Replace or delete any location (its owner may without this); writes made with it are trusted. */
  "catalog:manage": ["admin"],
  "admin:tokens": ["admin"],
  "admin:users": ["admin"],
  "admin:audit": ["admin"],
  "selfservice:use": ["developer", "admin"],
  /** Approve any run waiting for approval, whoever the template names. */
  "selfservice:approve": ["admin"],
  /** Act on anyone's runs and environments (read, cancel, retry, extend, destroy); owners may on their own. */
  "selfservice:manage": ["admin"],
  /** Approve or reject a run; whether this person is one of its approvers is decided per run. */
  "runs:decide": ["viewer", "developer", "admin"],
  "admin:github": ["admin"],
  "admin:metrics": ["admin"],
  /** Publish and withdraw catalog templates (lib/provisioning/publish-template.ts). */
  "admin:templates": ["admin"],
  "delivery:write": ["developer", "admin"],
  /** Report and update incidents (Alertmanager, the generic incidents API). */
  "incidents:write": ["developer", "admin"],
  /** See incidents whose sender named a service the catalog does not know. */
  "incidents:manage": ["admin"],
  /** Start initiatives (scorecard campaigns with a deadline) over any services. */
  "initiatives:manage": ["admin"],
  /** Start initiatives over one's own teams' services: a team lead (lib/scorecards/initiative-access.ts) or an admin. */
  "initiatives:start": ["developer", "admin"],
  /** Set and remove freeze windows, and deploy during one with a reason (audited). */
  "admin:freezes": ["admin"],
  /** See notification deliveries that failed (every channel's) and send them again. */
  "admin:notifications": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/**
 * The API-token scope each permission needs. Typed as a full record, so a new permission does not
 * compile until it names its scope; a new scope is one entry in `API_SCOPES` (db/schema/auth.ts)
 * plus the permissions that use it here.
 */
export const PERMISSION_SCOPES: Record<Permission, ApiScope> = {
  "catalog:read": "catalog:read",
  "catalog:write": "catalog:write",
  "catalog:manage": "catalog:write",
  "delivery:write": "deployments:write",
  "incidents:write": "incidents:write",
  "incidents:manage": "admin",
  "selfservice:use": "runs:write",
  "selfservice:approve": "runs:write",
  "selfservice:manage": "runs:write",
  "runs:decide": "runs:write",
  "admin:tokens": "admin",
  "admin:users": "admin",
  "admin:audit": "admin",
  "admin:github": "admin",
  "admin:metrics": "admin",
  "admin:templates": "admin",
  "initiatives:manage": "admin",
  "initiatives:start": "catalog:write",
  "admin:freezes": "admin",
  "admin:notifications": "admin",
};

export function hasScope(scopes: readonly ApiScope[], scope: ApiScope): boolean {
  return scopes.includes("admin") || scopes.includes(scope);
}

/** The scopes a role could use: a token never gets a scope its role cannot act on. */
export function scopesForRole(role: Role): ApiScope[] {
  if (role === "admin") return [...API_SCOPES];
  const allowed = new Set<ApiScope>();
  for (const [permission, roles] of Object.entries(PERMISSIONS) as [Permission, readonly Role[]][]) {
    if (roles.includes(role)) allowed.add(PERMISSION_SCOPES[permission]);
  }
  return API_SCOPES.filter((scope) => allowed.has(scope));
}

function roleAllows(actor: Actor, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(actor.role);
}

/** The role must allow the permission, and a token must also hold the permission's scope. */
export function can(actor: Actor, permission: Permission): boolean {
  if (!roleAllows(actor, permission)) return false;
  return actor.kind !== "token" || hasScope(actor.scopes, PERMISSION_SCOPES[permission]);
}

export function assertCan(actor: Actor, permission: Permission): void {
  if (!roleAllows(actor, permission)) {
    throw new AppError(
      "forbidden:auth",
      `Your role (${actor.role}) does not allow ${permission}; ask an admin for the ${PERMISSIONS[permission][0]} role.`,
    );
  }
  if (actor.kind === "token" && !hasScope(actor.scopes, PERMISSION_SCOPES[permission])) {
    throw new AppError(
      "forbidden:auth",
      `This token lacks the scope ${PERMISSION_SCOPES[permission]} (needed for ${permission}); create a token with it under Admin → API tokens.`,
    );
  }
}

/**
 * The one identity stored for whoever acted — audit rows, runs (requested by, approved by),
 * self-service environments (owner), locations (last imported by), deployments reported without a
 * `deployedBy`: `user:<login>`, `token:<name>` or `system:<name>`. Ownership compares these.
 */
export function actorLabel(actor: Actor): string {
  if (actor.kind === "user") return `user:${actor.login}`;
  if (actor.kind === "token") return `token:${actor.name}`;
  return `system:${actor.name}`;
}

/**
 * The one owner-or-permission rule: whoever `owner` (a stored identity, see actorLabel) names may act
 * on what they own; anyone else needs `permission`.
 */
export function isOwnerOrCan(actor: Actor, owner: string | null, permission: Permission): boolean {
  return (owner !== null && owner === actorLabel(actor)) || can(actor, permission);
}

export function assertOwnerOrCan(
  actor: Actor,
  owner: string | null,
  permission: Permission,
  refusal: { code: ErrorCode; message: string },
): void {
  if (!isOwnerOrCan(actor, owner, permission)) throw new AppError(refusal.code, refusal.message);
}
