import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { selfServiceEnvironments } from "@/db/schema";
import { trustedGroupsOf } from "@/lib/catalog/trusted-data";
import { can, type Actor } from "@/lib/access/permissions";
import { AppError } from "@/lib/errors";
import type { TemplateDefinition } from "./template-schema";

/** Environments that count against a quota: everything not yet gone. */
export const ACTIVE_STATUSES = [
  "requested",
  "awaiting_approval",
  "provisioning",
  "ready",
  // Asleep, it still holds its data (database, volumes, checkout).
  "sleeping",
  "asleep",
  "waking",
  "destroying",
] as const;

/**
 * The catalog Groups a person belongs to, from trusted locations only (GitHub teams, groups the
 * seed, the CLI or an admin imported): a Group a developer imported never grants anything.
 */
export async function groupsOf(db: DbOrTx, actor: Actor): Promise<string[]> {
  if (actor.kind !== "user") return [];
  return trustedGroupsOf(db, actor.login);
}

/** May this actor use this template? Roles and groups from spec.guardrails.allowed; empty lists allow everyone. */
export function isAllowed(template: TemplateDefinition, actor: Actor, groups: string[]): boolean {
  const { roles, groups: allowedGroups } = template.spec.guardrails.allowed;
  if (!roles.length && !allowedGroups.length) return true;
  if (roles.includes(actor.role)) return true;
  const wanted = allowedGroups.map((g) => (g.includes(":") ? g : `group:default/${g}`).toLowerCase());
  return groups.some((g) => wanted.includes(g.toLowerCase()));
}

export function assertAllowed(template: TemplateDefinition, actor: Actor, groups: string[]) {
  if (isAllowed(template, actor, groups)) return;
  const { roles, groups: allowed } = template.spec.guardrails.allowed;
  throw new AppError(
    "forbidden:template",
    `You may not use the template "${template.metadata.name}": it is open to ${[...roles.map((r) => `the ${r} role`), ...allowed].join(", ")}.`,
  );
}

/** Refuses with the limit reached and the environments that count against it. */
export async function assertQuota(db: DbOrTx, template: TemplateDefinition, owner: string, teamRef: string | null) {
  const { perUser, perTeam } = template.spec.guardrails.quota;
  const name = template.metadata.name;
  const active = (where: ReturnType<typeof and>) =>
    db
      .select({
        id: selfServiceEnvironments.id,
        name: selfServiceEnvironments.name,
        owner: selfServiceEnvironments.owner,
        status: selfServiceEnvironments.status,
        expiresAt: selfServiceEnvironments.expiresAt,
      })
      .from(selfServiceEnvironments)
      .where(
        and(
          where,
          eq(selfServiceEnvironments.templateName, name),
          inArray(selfServiceEnvironments.status, [...ACTIVE_STATUSES]),
        ),
      );
  if (perUser) {
    const mine = await active(eq(selfServiceEnvironments.owner, owner));
    if (mine.length >= perUser) {
      throw new AppError(
        "conflict:quota",
        `Quota reached: at most ${perUser} environment(s) per user from "${name}"; you have ${mine.length}. Destroy one or wait for it to expire.`,
        [{ field: "quota.perUser", message: `limit ${perUser}`, limit: "perUser", max: perUser, environments: mine }],
      );
    }
  }
  if (perTeam && teamRef) {
    const team = await active(eq(selfServiceEnvironments.teamRef, teamRef));
    if (team.length >= perTeam) {
      throw new AppError(
        "conflict:quota",
        `Quota reached: at most ${perTeam} environment(s) per team (${teamRef}) from "${name}"; the team has ${team.length}.`,
        [
          {
            field: "quota.perTeam",
            message: `limit ${perTeam}`,
            limit: "perTeam",
            team: teamRef,
            max: perTeam,
            environments: team,
          },
        ],
      );
    }
  }
}

/** Approvers: whoever may approve any run (admins), or the named `user:x`, `group:y` and role names. */
export function mayApprove(template: TemplateDefinition, actor: Actor, groups: string[]): boolean {
  const approvers = template.spec.guardrails.approval.approvers.map((a) => a.toLowerCase());
  if (can(actor, "selfservice:approve")) return true;
  if (!approvers.length) return false;
  const login = actor.kind === "user" ? actor.login.toLowerCase() : null;
  return approvers.some(
    (a) =>
      a === actor.role ||
      (login && (a === `user:${login}` || a === `user:default/${login}` || a === login)) ||
      groups.map((g) => g.toLowerCase()).includes(a.includes(":") ? a : `group:default/${a}`),
  );
}
