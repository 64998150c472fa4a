// Headings for each relation type, in the order the entity page shows them.
export const RELATION_LABELS: Record<string, string> = {
  ownedBy: "Owned by",
  ownerOf: "Owner of",
  partOf: "Part of",
  hasPart: "Has part",
  dependsOn: "Depends on",
  dependencyOf: "Dependency of",
  providesApi: "Provides API",
  apiProvidedBy: "API provided by",
  consumesApi: "Consumes API",
  apiConsumedBy: "API consumed by",
  memberOf: "Member of",
  hasMember: "Has member",
  childOf: "Child of",
  parentOf: "Parent of",
};

export const RELATION_ORDER = Object.keys(RELATION_LABELS);

export function relationLabel(type: string): string {
  return RELATION_LABELS[type] ?? type;
}

/** Relations grouped by type, known types in RELATION_ORDER first, targets sorted. */
export function groupRelations(relations: { type: string; targetRef: string }[]): [string, string[]][] {
  const groups = new Map<string, Set<string>>();
  for (const r of relations) {
    if (!groups.has(r.type)) groups.set(r.type, new Set());
    groups.get(r.type)!.add(r.targetRef);
  }
  const rank = (type: string) => (RELATION_ORDER.includes(type) ? RELATION_ORDER.indexOf(type) : RELATION_ORDER.length);
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([type, targets]) => [type, [...targets].sort()]);
}
