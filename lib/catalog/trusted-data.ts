// The catalog facts authorization may read: only those whose entity lives in a trusted location
// (written by an admin or the system, GitHub teams; see location-rules.ts `isTrustedWrite`). A
// developer can import a Group naming themselves a member, or a User entity for a friend; neither
// may open a door.
import { and, eq, inArray, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { entities, locations, relations } from "@/db/schema";

/**
 * Membership edges (member → group) from trusted locations, in either direction of the relation (a
 * User's `spec.memberOf` or a Group's `spec.members`), whose member — or group — is one of `refs`.
 */
async function trustedMemberships(
  db: DbOrTx,
  side: "member" | "group",
  refs: string[],
): Promise<{ member: string; group: string }[]> {
  if (!refs.length) return [];
  // memberOf: user → group; hasMember: group → user.
  const [memberOfSide, hasMemberSide] =
    side === "member" ? [relations.sourceRef, relations.targetRef] : [relations.targetRef, relations.sourceRef];
  const rows = await db
    .select({ sourceRef: relations.sourceRef, targetRef: relations.targetRef, type: relations.type })
    .from(relations)
    .innerJoin(entities, eq(entities.ref, relations.originRef))
    .innerJoin(locations, and(eq(locations.id, entities.locationId), eq(locations.trusted, true)))
    .where(
      or(
        and(eq(relations.type, "memberOf"), inArray(memberOfSide, refs)),
        and(eq(relations.type, "hasMember"), inArray(hasMemberSide, refs)),
      ),
    );
  return rows.map((r) =>
    r.type === "memberOf" ? { member: r.sourceRef, group: r.targetRef } : { member: r.targetRef, group: r.sourceRef },
  );
}

/** The Groups a login belongs to, counting only edges whose origin entity is in a trusted location. */
export async function trustedGroupsOf(db: DbOrTx, login: string): Promise<string[]> {
  const edges = await trustedMemberships(db, "member", [`user:default/${login.toLowerCase()}`]);
  return [...new Set(edges.map((e) => e.group))].sort();
}

/** The members (User refs) of these Groups, read the same way. */
export async function trustedMembersOf(db: DbOrTx, groupRefs: string[]): Promise<string[]> {
  const edges = await trustedMemberships(db, "group", groupRefs);
  return [...new Set(edges.map((e) => e.member))].sort();
}

/** Whether the catalog has a User entity for this login in a trusted location (it may then sign in). */
export async function isTrustedCatalogUser(db: DbOrTx, login: string): Promise<boolean> {
  const [row] = await db
    .select({ ref: entities.ref })
    .from(entities)
    .innerJoin(locations, and(eq(locations.id, entities.locationId), eq(locations.trusted, true)))
    .where(eq(entities.ref, `user:default/${login.toLowerCase()}`))
    .limit(1);
  return Boolean(row);
}

/** The annotation on a Group that names its leads (`user:ana, bob`): read only from trusted locations. */
export const TEAM_LEADS_ANNOTATION = "portolan.dev/leads";

/** The Groups whose trusted descriptor names this login among its leads (TEAM_LEADS_ANNOTATION). */
export async function trustedTeamsLedBy(db: DbOrTx, login: string): Promise<string[]> {
  const leads = sql<string | null>`${entities.body}->'metadata'->'annotations'->>${TEAM_LEADS_ANNOTATION}`;
  const rows = await db
    .select({ ref: entities.ref, leads })
    .from(entities)
    .innerJoin(locations, and(eq(locations.id, entities.locationId), eq(locations.trusted, true)))
    .where(and(eq(entities.kind, "group"), sql`${leads} is not null`));
  const me = login.toLowerCase();
  const names = (text: string) =>
    text
      .split(",")
      .map((v) =>
        v
          .trim()
          .toLowerCase()
          .replace(/^user:(default\/)?/, ""),
      )
      .filter(Boolean);
  return rows
    .filter((r) => names(r.leads ?? "").includes(me))
    .map((r) => r.ref)
    .sort();
}
