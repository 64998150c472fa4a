// A service's facts as a tree read by dotted names. A node may be a value, an object, a function
// of the next name segment (relations.<type>, health.environment.<env>), or Unknown: a fact
// Portolan could not read, with the reason — kept apart from a fact that is known to be absent.
// Pure: unit-tested.

export type Unknown = { readonly unknown: string };
export type FactNode = unknown;
export type FactTree = Record<string, FactNode>;

const UNKNOWN = Symbol("unknown");

export function unknown(reason: string): Unknown {
  return { unknown: reason, [UNKNOWN]: true } as Unknown;
}

export function isUnknown(value: unknown): value is Unknown {
  return typeof value === "object" && value !== null && UNKNOWN in value;
}

/** A node whose children are computed from their name (`relations.dependsOn`). */
export function dynamic(child: (segment: string) => FactNode): FactNode {
  return child;
}

function step(node: FactNode, segments: string[]): { value: FactNode; used: number } {
  if (typeof node === "function") return { value: (node as (s: string) => FactNode)(segments[0]), used: 1 };
  if (typeof node !== "object" || node === null || Array.isArray(node)) return { value: undefined, used: 1 };
  const record = node as Record<string, unknown>;
  // Keys may hold dots (annotations like github.com/project-slug): the longest key that matches wins.
  for (let used = segments.length; used >= 1; used--) {
    const key = segments.slice(0, used).join(".");
    if (Object.prototype.hasOwnProperty.call(record, key)) return { value: record[key], used };
  }
  return { value: undefined, used: 1 };
}

/** The value at a dotted name: a value, undefined (known to be absent), or Unknown (with why). */
export function readFact(tree: FactTree, name: string): unknown {
  let node: FactNode = tree;
  let segments = name.split(".");
  while (segments.length) {
    if (isUnknown(node)) return node;
    if (node === undefined || node === null) return undefined;
    const { value, used } = step(node, segments);
    node = value;
    segments = segments.slice(used);
  }
  return node;
}
