import { AppError } from "@/lib/errors";
import type { Role } from "@/db/schema";

export type Actor =
  | { kind: "user"; id: string; login: string; name: string | null; role: Role }
  | { kind: "token"; id: string; name: string; role: Role }
  | { kind: "system"; name: string; role: "admin" };

export const PERMISSIONS = {
  "catalog:read": ["viewer", "developer", "admin"],
  "catalog:write": ["developer", "admin"],
  "admin:tokens": ["admin"],
  "admin:users": ["admin"],
  "admin:audit": ["admin"],
  "selfservice:use": ["developer", "admin"],
  "selfservice:approve": ["admin"],
  "admin:github": ["admin"],
  "admin:metrics": ["admin"],
  /** Publish and withdraw catalog templates (lib/provisioning/publish-template.ts). */
  "admin:templates": ["admin"],
  "delivery:write": ["developer", "admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(actor: Actor, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(actor.role);
}

export function assertCan(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) {
    throw new AppError(
      "forbidden:auth",
      `Your role (${actor.role}) does not allow ${permission}; ask an admin for the ${PERMISSIONS[permission][0]} role.`,
    );
  }
}

/** How the audit log names an actor. */
export function actorLabel(actor: Actor): string {
  if (actor.kind === "user") return `user:${actor.login}`;
  if (actor.kind === "token") return `token:${actor.name}`;
  return `system:${actor.name}`;
}
