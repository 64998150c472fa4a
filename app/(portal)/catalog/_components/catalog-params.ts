export type RawSearchParams = Record<string, string | string[] | undefined>;

/** The params Next gives a page, without the undefined holes, ready for entityQuerySchema. */
export function definedParams(raw: RawSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(raw)) if (value !== undefined) out[key] = value;
  return out;
}

/** /catalog with the current params, some replaced (null removes one). */
export function catalogHref(raw: RawSearchParams, changes: Record<string, string | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(definedParams(raw))) {
    if (key in changes) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  }
  for (const [key, value] of Object.entries(changes)) if (value !== null) params.set(key, value);
  const query = params.toString();
  return query ? `/catalog?${query}` : "/catalog";
}

export const FACETS = [
  { name: "kind", legend: "Kind", defaultKind: null },
  { name: "type", legend: "Type", defaultKind: null },
  { name: "owner", legend: "Owner", defaultKind: "group" },
  { name: "lifecycle", legend: "Lifecycle", defaultKind: null },
  { name: "system", legend: "System", defaultKind: "system" },
  { name: "tag", legend: "Tag", defaultKind: null },
  // Shown once a scorecard is chosen (its levels, and "none" below the first).
  { name: "level", legend: "Scorecard level", defaultKind: null },
] as const;

export type FacetKey = (typeof FACETS)[number]["name"];

/** Every facet's param set to null: "clear the filters" (the search and page too, with `also`). */
export function clearedFacets(...also: string[]): Record<string, null> {
  return Object.fromEntries([...FACETS.map((f) => f.name), ...also].map((key) => [key, null]));
}
