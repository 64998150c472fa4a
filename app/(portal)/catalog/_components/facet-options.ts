import type { FacetCounts } from "@/lib/catalog/queries";
import type { EntityFilters } from "@/lib/catalog/schemas";
import { shortRef } from "@/components/catalog/entity-href";
import { canonicalRef } from "@/lib/catalog/refs";
import { FACETS, type FacetKey } from "./catalog-params";

export type FacetOption = { value: string; count: number };
export type FacetGroup = { name: FacetKey; legend: string; defaultKind: string | null; options: FacetOption[] };

/** How two values of one facet compare: refs by their canonical form, kinds without case. */
export function facetKey(value: string, defaultKind: string | null, facet: string): string {
  if (defaultKind) return canonicalRef(value, defaultKind) ?? value.toLowerCase();
  return facet === "kind" ? value.toLowerCase() : value;
}

/**
 * Facet options for the filter panels: refs shortened to what people write (`payments`), and
 * every selected value kept even when nothing matches it now, so it can still be unticked.
 */
export function facetGroups(counts: FacetCounts, filters: EntityFilters): FacetGroup[] {
  return FACETS.map(({ name, legend, defaultKind }) => {
    const options: FacetOption[] = counts[name].map((o) => ({
      value: defaultKind ? shortRef(o.value, defaultKind) : o.value,
      count: o.count,
    }));
    const present = new Set(options.map((o) => facetKey(o.value, defaultKind, name)));
    for (const selected of filters[name]) {
      if (!present.has(facetKey(selected, defaultKind, name))) options.push({ value: selected, count: 0 });
    }
    return { name, legend, defaultKind, options };
  });
}
