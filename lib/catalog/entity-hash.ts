// A content hash of an entity that ignores key order, so re-reading an unchanged descriptor
// (or one whose keys were merely reordered) does not rewrite the stored entity.
import { createHash } from "node:crypto";
import type { Entity } from "./types";

/** JSON with object keys sorted at every depth; array order is kept, since it carries meaning. */
export function toCanonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== "object" || Array.isArray(inner)) return inner;
    const source = inner as Record<string, unknown>;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(source).sort()) sorted[key] = source[key];
    return sorted;
  });
}

/** Hex sha256 of the entity's canonical JSON. */
export function hashEntity(entity: Entity): string {
  return createHash("sha256").update(toCanonicalJson(entity)).digest("hex");
}
