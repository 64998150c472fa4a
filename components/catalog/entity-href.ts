// Where a ref lives in the UI. Refs are canonical lowercase `kind:namespace/name`.

export type RefParts = { kind: string; namespace: string; name: string };

export function refParts(ref: string): RefParts {
  const colon = ref.indexOf(":");
  const slash = ref.indexOf("/", colon + 1);
  if (colon === -1 || slash === -1) return { kind: "", namespace: "default", name: ref };
  return { kind: ref.slice(0, colon), namespace: ref.slice(colon + 1, slash), name: ref.slice(slash + 1) };
}

/** The entity page: /catalog/<kind>/<namespace>/<name>. */
export function entityHref(ref: string): string {
  const { kind, namespace, name } = refParts(ref);
  return `/catalog/${encodeURIComponent(kind)}/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
}

/** The team page for a Group ref. */
export function teamHref(ref: string): string {
  const { namespace, name } = refParts(ref);
  const path = `/teams/${encodeURIComponent(name)}`;
  return namespace === "default" ? path : `${path}?namespace=${encodeURIComponent(namespace)}`;
}

/** Where a link to this ref should go: groups to their team page, everything else to its entity page. */
export function hrefForRef(ref: string): string {
  return refParts(ref).kind === "group" ? teamHref(ref) : entityHref(ref);
}

/** The shortest form that reads back to the same ref: `payments` for group:default/payments as an owner. */
export function shortRef(ref: string, defaultKind: string): string {
  const { kind, namespace, name } = refParts(ref);
  if (!kind) return ref;
  const withNamespace = namespace === "default" ? name : `${namespace}/${name}`;
  return kind === defaultKind.toLowerCase() ? withNamespace : `${kind}:${withNamespace}`;
}
