// Who may write which catalog location, and whose writes are trusted. Pure rules; the database
// side is claim-location.ts. See docs/SECURITY.md, "Catalog ownership and trusted data".
import type { LocationOwnerKind, LocationSource } from "@/db/schema";
import { actorLabel, can, type Actor } from "@/lib/access/permissions";

export type LocationOwner = { kind: LocationOwnerKind; id: string; name: string };

/** Who writes a location and through which way in (`api` for the REST API, else the system's own). */
export type LocationWriter = { actor: Actor; source: LocationSource };

/** The stored facts the rules read. */
export type LocationRecord = {
  id: string;
  type: string;
  source: LocationSource;
  ownerKind: LocationOwnerKind | null;
  ownerId: string | null;
  ownerName: string | null;
};

/** The GitHub sync writes `github:` locations; the backfill (migration 0012) uses the same name. */
export const GITHUB_SYNC_ACTOR: Actor = { kind: "system", name: "github-sync", role: "admin" };
export const GITHUB_SYNC_WRITER: LocationWriter = { actor: GITHUB_SYNC_ACTOR, source: "github" };

/** Location id prefixes the REST API may not create: the system's own sources use them. */
const RESERVED_PREFIXES: Record<string, string> = {
  "github:": "the GitHub sync",
  "demo:": "the demo seed",
  "file:": "`npm run catalog:import`",
};

/** The source of a location from its type, for callers that name only the type. */
export function sourceOfType(type: string): LocationSource {
  if (type === "seed" || type === "file") return type;
  if (type === "github" || type === "github-org") return "github";
  return "api";
}

export function ownerOf(actor: Actor): LocationOwner {
  if (actor.kind === "user") return { kind: "user", id: actor.id, name: actor.login };
  if (actor.kind === "token") return { kind: "token", id: actor.id, name: actor.name };
  return { kind: "system", id: actor.name, name: actor.name };
}

export function describeOwner(record: Pick<LocationRecord, "ownerKind" | "ownerName" | "ownerId">): string {
  if (record.ownerKind === "user") return `user ${record.ownerName ?? record.ownerId}`;
  if (record.ownerKind === "token") return `API token "${record.ownerName ?? record.ownerId}"`;
  if (record.ownerKind === "system") return `the system (${record.ownerName ?? record.ownerId})`;
  return "an unknown owner (created before owners were recorded)";
}

// Location owners are recorded by id (a token's name is not unique), so the owner match is this
// domain's own; the permission that overrides it is the one rule's (lib/access).
const isAdmin = (actor: Actor) => can(actor, "catalog:manage");
const isOwner = (record: LocationRecord, actor: Actor) => {
  const owner = ownerOf(actor);
  return record.ownerKind === owner.kind && record.ownerId === owner.id;
};

/**
 * Whether what this writer writes may decide authorization. Admins and the system are trusted,
 * except for a GitHub repository's descriptors: whoever can push to the repository writes them.
 * The organisation's teams (type `github-org`) come from GitHub's own membership and are trusted.
 */
export function isTrustedWrite(writer: LocationWriter, type: string): boolean {
  if (writer.source === "github") return writer.actor.kind === "system" && type === "github-org";
  return isAdmin(writer.actor);
}

function githubRefusal(id: string): string {
  return `${id} follows its GitHub repository and only the GitHub sync (${GITHUB_SYNC_ACTOR.name}) writes it; change the descriptor in the repository and sync (Admin → GitHub → Sync now), or import under a location id of your own.`;
}

/** Why `writer` may not replace location `id` (null: it may). `existing` is null for a new location. */
export function replaceRefusal(writer: LocationWriter, id: string, existing: LocationRecord | null): string | null {
  const { actor, source } = writer;
  if (source !== "api" && actor.kind !== "system")
    return `Only the portal itself writes ${source} locations; import through the API instead.`;
  if (existing?.source === "github" && source !== "github") return githubRefusal(id);
  // The seed, the CLI and the sync are the system an operator runs.
  if (source !== "api") return null;
  if (!existing) {
    const prefix = Object.keys(RESERVED_PREFIXES).find((p) => id.startsWith(p));
    return prefix
      ? `Location ids starting with "${prefix}" are reserved for ${RESERVED_PREFIXES[prefix]}; choose another id, e.g. ?location=acme/payments.`
      : null;
  }
  return manageRefusal(actor, existing, "replace");
}

/** Why `actor` may not delete location `existing` through the API (null: it may). */
export function deleteRefusal(actor: Actor, existing: LocationRecord): string | null {
  if (existing.source === "github") {
    return `${existing.id} follows its GitHub repository; remove the descriptor there (or archive the repository) and the next sync removes its entities.`;
  }
  return manageRefusal(actor, existing, "delete");
}

function manageRefusal(actor: Actor, existing: LocationRecord, verb: "replace" | "delete"): string | null {
  if (isAdmin(actor)) return null;
  const id = existing.id;
  const yours = verb === "replace" ? " Import under a location id of your own, or ask an admin." : " Ask an admin.";
  if (existing.source === "seed" || existing.source === "file") {
    const by = existing.source === "seed" ? "the demo seed" : "`npm run catalog:import`";
    return `${id} was loaded by ${by} (owner: ${describeOwner(existing)}); only an admin may ${verb} it through the API.${yours}`;
  }
  if (!existing.ownerKind)
    return `${id} was created before owners were recorded; only an admin may ${verb} it.${yours}`;
  if (isOwner(existing, actor)) return null;
  return `${id} belongs to ${describeOwner(existing)}; only its owner or an admin may ${verb} it (you are ${actorLabel(actor)}).${yours}`;
}
