// A deterministic three-column layout for an entity's neighbourhood: what it builds on to the
// left, the entity in the middle, what builds on it to the right. Pure, so it is tested and
// renders the same on every request.

export type GraphRelation = { type: string; targetRef: string };

export type GraphSide = "upstream" | "center" | "downstream";

export type GraphNode = {
  id: string;
  /** The entity ref, or null for the "+N more" summary node. */
  ref: string | null;
  label: string;
  side: GraphSide;
  x: number;
  y: number;
};

export type GraphEdge = { id: string; source: string; target: string; label: string };

export type GraphLayout = { nodes: GraphNode[]; edges: GraphEdge[] };

/** Relations that point at something the entity uses or belongs to, in display order. */
export const UPSTREAM_RELATIONS = ["dependsOn", "consumesApi", "apiProvidedBy", "partOf"] as const;
/** Relations that point at something that uses or contains the entity, in display order. */
export const DOWNSTREAM_RELATIONS = ["dependencyOf", "providesApi", "apiConsumedBy", "hasPart"] as const;

export const COLUMN_WIDTH = 320;
export const ROW_HEIGHT = 64;

export type LayoutOptions = {
  /** Display text per ref (a title); defaults to the ref's name part. */
  labelOf?: (ref: string) => string;
  /** Text for an edge's relation type; defaults to the type itself. */
  relationLabel?: (type: string) => string;
  /** Most nodes per side before the rest collapse into one "+N more" node. */
  maxPerSide?: number;
};

export function refName(ref: string): string {
  const slash = ref.indexOf("/");
  return slash === -1 ? ref : ref.slice(slash + 1);
}

type Neighbour = { ref: string; types: string[] };

function collect(relations: GraphRelation[], types: readonly string[], self: string): Neighbour[] {
  const byRef = new Map<string, Neighbour>();
  for (const type of types) {
    const targets = relations
      .filter((r) => r.type === type && r.targetRef !== self)
      .map((r) => r.targetRef)
      .sort();
    for (const ref of targets) {
      const existing = byRef.get(ref);
      if (!existing) byRef.set(ref, { ref, types: [type] });
      else if (!existing.types.includes(type)) existing.types.push(type);
    }
  }
  return [...byRef.values()];
}

/** Rows centred on y = 0, so both sides line up with the entity in the middle. */
function rowY(index: number, count: number): number {
  return (index - (count - 1) / 2) * ROW_HEIGHT;
}

export function layoutEntityGraph(
  centerRef: string,
  relations: GraphRelation[],
  options: LayoutOptions = {},
): GraphLayout {
  const labelOf = options.labelOf ?? refName;
  const relationLabel = options.relationLabel ?? ((type: string) => type);
  const maxPerSide = options.maxPerSide ?? 20;

  const nodes: GraphNode[] = [
    { id: centerRef, ref: centerRef, label: labelOf(centerRef), side: "center", x: COLUMN_WIDTH, y: 0 },
  ];
  const edges: GraphEdge[] = [];

  const sides: [Exclude<GraphSide, "center">, readonly string[], number][] = [
    ["upstream", UPSTREAM_RELATIONS, 0],
    ["downstream", DOWNSTREAM_RELATIONS, COLUMN_WIDTH * 2],
  ];
  for (const [side, types, x] of sides) {
    const neighbours = collect(relations, types, centerRef);
    const shown = neighbours.slice(0, maxPerSide);
    const hidden = neighbours.length - shown.length;
    const rows = shown.length + (hidden > 0 ? 1 : 0);
    shown.forEach((n, i) => {
      const id = `${side}:${n.ref}`;
      nodes.push({ id, ref: n.ref, label: labelOf(n.ref), side, x, y: rowY(i, rows) });
      const label = n.types.map(relationLabel).join(", ");
      // Edges run left to right: upstream → entity → downstream.
      edges.push(
        side === "upstream"
          ? { id: `e:${id}`, source: id, target: centerRef, label }
          : { id: `e:${id}`, source: centerRef, target: id, label },
      );
    });
    if (hidden > 0) {
      const id = `${side}:more`;
      nodes.push({ id, ref: null, label: `+${hidden} more`, side, x, y: rowY(shown.length, rows) });
    }
  }
  return { nodes, edges };
}
