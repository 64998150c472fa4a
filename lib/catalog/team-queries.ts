// Reads for the teams pages: Group entities with their members, sub-teams and what they own.
// Membership and hierarchy are read from both directions of each relation pair, so a member
// listed only on the User (memberOf) counts as much as one listed on the Group (members).
import { and, asc, eq, inArray, like, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { entities, relations } from "@/db/schema";

export type TeamSummary = {
  ref: string;
  name: string;
  namespace: string;
  displayName: string;
  description: string | null;
  type: string | null;
  memberCount: number;
  ownedCount: number;
  parent: { ref: string; displayName: string } | null;
};

export type TeamMember = {
  ref: string;
  name: string;
  displayName: string | null;
  email: string | null;
  inCatalog: boolean;
};
export type TeamRef = { ref: string; name: string; displayName: string; inCatalog: boolean };
export type OwnedEntity = {
  ref: string;
  kind: string;
  name: string;
  title: string | null;
  type: string | null;
  lifecycle: string | null;
  description: string | null;
};

export type TeamDetail = Omit<TeamSummary, "parent" | "memberCount" | "ownedCount"> & {
  email: string | null;
  links: { url: string; title?: string }[];
  parent: TeamRef | null;
  children: TeamRef[];
  members: TeamMember[];
  owned: OwnedEntity[];
};

type Profile = { displayName?: string; email?: string };
type Body = { metadata?: { links?: { url: string; title?: string }[] }; spec?: { profile?: Profile } };

function profileOf(body: unknown): Profile {
  const profile = (body as Body | null)?.spec?.profile;
  return profile && typeof profile === "object" ? profile : {};
}

function nameOf(ref: string): string {
  return ref.slice(ref.indexOf("/") + 1);
}

function groupDisplayName(row: { name: string; title: string | null; body: unknown }): string {
  return profileOf(row.body).displayName ?? row.title ?? row.name;
}

const groupColumns = {
  ref: entities.ref,
  name: entities.name,
  namespace: entities.namespace,
  title: entities.title,
  description: entities.description,
  type: entities.specType,
  body: entities.body,
};

/** Pairs (group, other) for one relation, read from either side. */
async function pairs(db: DbOrTx, forward: string, inverse: string, groupRefs?: string[]) {
  const onGroup = (column: typeof relations.sourceRef | typeof relations.targetRef) =>
    groupRefs ? inArray(column, groupRefs) : like(column, "group:%");
  const rows = await db
    .selectDistinct({ sourceRef: relations.sourceRef, type: relations.type, targetRef: relations.targetRef })
    .from(relations)
    .where(
      or(
        and(eq(relations.type, forward), onGroup(relations.sourceRef)),
        and(eq(relations.type, inverse), onGroup(relations.targetRef)),
      ),
    );
  const out = new Map<string, Set<string>>();
  for (const row of rows) {
    const [group, other] = row.type === forward ? [row.sourceRef, row.targetRef] : [row.targetRef, row.sourceRef];
    if (!out.has(group)) out.set(group, new Set());
    out.get(group)!.add(other);
  }
  return out;
}

/** Every Group in the catalog, by name, with member and owned-entity counts and its parent. */
export async function listTeams(db: DbOrTx): Promise<TeamSummary[]> {
  const groups = await db
    .select(groupColumns)
    .from(entities)
    .where(eq(entities.kind, "group"))
    .orderBy(asc(entities.nameKey), asc(entities.ref));
  if (groups.length === 0) return [];
  const members = await pairs(db, "hasMember", "memberOf");
  const parents = await pairs(db, "childOf", "parentOf");
  const owned = await db
    .select({ ownerRef: entities.ownerRef, n: sql<number>`count(*)::int` })
    .from(entities)
    .where(like(entities.ownerRef, "group:%"))
    .groupBy(entities.ownerRef);
  const ownedBy = new Map(owned.map((r) => [r.ownerRef, Number(r.n)]));
  const names = new Map(groups.map((g) => [g.ref, groupDisplayName(g)]));
  return groups.map((g) => {
    const parentRef = [...(parents.get(g.ref) ?? [])].sort()[0];
    return {
      ref: g.ref,
      name: g.name,
      namespace: g.namespace,
      displayName: groupDisplayName(g),
      description: g.description,
      type: g.type,
      memberCount: members.get(g.ref)?.size ?? 0,
      ownedCount: ownedBy.get(g.ref) ?? 0,
      parent: parentRef ? { ref: parentRef, displayName: names.get(parentRef) ?? nameOf(parentRef) } : null,
    };
  });
}

async function describeGroups(db: DbOrTx, refs: string[]): Promise<TeamRef[]> {
  if (refs.length === 0) return [];
  const rows = await db.select(groupColumns).from(entities).where(inArray(entities.ref, refs));
  const found = new Map(rows.map((r) => [r.ref, r]));
  return refs
    .map((ref) => {
      const row = found.get(ref);
      return row
        ? { ref, name: row.name, displayName: groupDisplayName(row), inCatalog: true }
        : { ref, name: nameOf(ref), displayName: nameOf(ref), inCatalog: false };
    })
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
}

async function membersOf(db: DbOrTx, refs: string[]): Promise<TeamMember[]> {
  if (refs.length === 0) return [];
  const rows = await db
    .select({ ref: entities.ref, name: entities.name, body: entities.body })
    .from(entities)
    .where(inArray(entities.ref, refs));
  const found = new Map(rows.map((r) => [r.ref, r]));
  return refs
    .map((ref) => {
      const row = found.get(ref);
      const profile = profileOf(row?.body);
      return {
        ref,
        name: row?.name ?? nameOf(ref),
        displayName: profile.displayName ?? null,
        email: profile.email ?? null,
        inCatalog: Boolean(row),
      };
    })
    .sort((a, b) => (a.displayName ?? a.name).localeCompare(b.displayName ?? b.name));
}

/** One Group with its people, its place in the hierarchy and what it owns; null if absent. */
export async function getTeam(db: DbOrTx, ref: string): Promise<TeamDetail | null> {
  const key = ref.toLowerCase();
  const [group] = await db
    .select(groupColumns)
    .from(entities)
    .where(and(eq(entities.ref, key), eq(entities.kind, "group")));
  if (!group) return null;
  const memberRefs = [...((await pairs(db, "hasMember", "memberOf", [key])).get(key) ?? [])];
  const parentRefs = [...((await pairs(db, "childOf", "parentOf", [key])).get(key) ?? [])];
  const childRefs = [...((await pairs(db, "parentOf", "childOf", [key])).get(key) ?? [])];
  const owned = await db
    .select({
      ref: entities.ref,
      kind: entities.kind,
      name: entities.name,
      title: entities.title,
      type: entities.specType,
      lifecycle: entities.lifecycle,
      description: entities.description,
    })
    .from(entities)
    .where(eq(entities.ownerRef, key))
    .orderBy(asc(entities.kind), asc(entities.nameKey), asc(entities.ref));
  const [parent = null] = await describeGroups(db, parentRefs.sort().slice(0, 1));
  const links = (group.body as Body).metadata?.links;
  return {
    ref: group.ref,
    name: group.name,
    namespace: group.namespace,
    displayName: groupDisplayName(group),
    description: group.description,
    type: group.type,
    email: profileOf(group.body).email ?? null,
    links: Array.isArray(links) ? links.filter((l) => typeof l?.url === "string") : [],
    parent,
    children: await describeGroups(db, childRefs),
    members: await membersOf(db, memberRefs),
    owned,
  };
}
