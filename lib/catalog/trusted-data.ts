// The catalog facts authorization may read: only those whose entity lives in a trusted location
// (written by an admin or the system, GitHub teams; see location-rules.ts `isTrustedWrite`). A
// developer can import a Group naming themselves a member, or a User entity for a friend; neither
// may open a door.
import { and, eq, inArray, or } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { entities, locations, relations } from "@/db/schema";

/**
 * The Groups a login belongs to, in either direction of the membership relation (a User's
 * `spec.memberOf` or a Group's `spec.members`), counting only edges whose origin entity is in a
 * trusted location.
 */
export async function trustedGroupsOf(db: DbOrTx, login: string): Promise<string[]> {
  const userRef = `user:default/${login.toLowerCase()}`;
  const rows = await db
    .select({ sourceRef: relations.sourceRef, targetRef: relations.targetRef, type: relations.type })
    .from(relations)
    .innerJoin(entities, eq(entities.ref, relations.originRef))
    .innerJoin(locations, and(eq(locations.id, entities.locationId), eq(locations.trusted, true)))
    .where(
      or(
        and(eq(relations.type, "memberOf"), eq(relations.sourceRef, userRef)),
        and(eq(relations.type, "hasMember"), eq(relations.targetRef, userRef)),
      ),
    );
  return [...new Set(rows.map((r) => (r.type === "memberOf" ? r.targetRef : r.sourceRef)))].sort();
}

/** The members (User refs) of these Groups, read like trustedGroupsOf: trusted locations only, either direction. */
export async function trustedMembersOf(db: DbOrTx, groupRefs: string[]): Promise<string[]> {
  if (!groupRefs.length) return [];
  const rows = await db
    .select({ sourceRef: relations.sourceRef, targetRef: relations.targetRef, type: relations.type })
    .from(relations)
    .innerJoin(entities, eq(entities.ref, relations.originRef))
    .innerJoin(locations, and(eq(locations.id, entities.locationId), eq(locations.trusted, true)))
    .where(
      or(
        and(eq(relations.type, "hasMember"), inArray(relations.sourceRef, groupRefs)),
        and(eq(relations.type, "memberOf"), inArray(relations.targetRef, groupRefs)),
      ),
    );
  return [...new Set(rows.map((r) => (r.type === "hasMember" ? r.targetRef : r.sourceRef)))].sort();
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
