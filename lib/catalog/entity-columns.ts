import { canonicalRef } from "./refs";
import type { Entity } from "./types";

/** The searchable, filterable columns an entity row carries beside its descriptor body. */
export type EntityColumns = {
  kind: string;
  namespace: string;
  name: string;
  title: string | null;
  description: string | null;
  specType: string | null;
  lifecycle: string | null;
  ownerRef: string | null;
  systemRef: string | null;
  tags: string[];
};

function stringOrNull(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

export function entityColumns(entity: Entity): EntityColumns {
  const namespace = (entity.metadata.namespace ?? "default").toLowerCase();
  const spec = entity.spec ?? {};
  return {
    kind: entity.kind.toLowerCase(),
    namespace,
    name: entity.metadata.name,
    title: stringOrNull(entity.metadata.title),
    description: stringOrNull(entity.metadata.description),
    specType: stringOrNull(spec.type),
    lifecycle: stringOrNull(spec.lifecycle),
    ownerRef: canonicalRef(spec.owner, "group", namespace),
    systemRef: canonicalRef(spec.system, "system", namespace),
    tags: Array.isArray(entity.metadata.tags) ? entity.metadata.tags.map(String) : [],
  };
}
