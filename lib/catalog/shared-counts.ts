// The catalog's counts as the catalog page and GET /api/v1/entities/facets read them: one scan per
// filter set, shared between visitors while the catalog is unchanged (summary-cache.ts).
import type { Db } from "@/db/client";
import { countEntities, facetCounts, type FacetCounts } from "./queries";
import type { EntityFilters } from "./schemas";
import { cachedSummary } from "./summary-cache";

// Every filter, so a new one cannot be left out of the key (the compiler says so).
const FILTERS = {
  kind: true,
  namespace: true,
  type: true,
  owner: true,
  lifecycle: true,
  system: true,
  tag: true,
  scorecard: true,
  level: true,
  q: true,
} satisfies Record<keyof EntityFilters, true>;

/**
 * One key per filter set however the request spelled it: only the filters (not a page's cursor, sort
 * or size), each list's values in one order, once. Filters are sets, so their order never matters.
 */
function filtersKey(filters: EntityFilters): string {
  return JSON.stringify(
    (Object.keys(FILTERS) as (keyof EntityFilters)[]).map((name) => {
      const value = filters[name];
      return Array.isArray(value) ? [...new Set(value)].sort() : (value ?? null);
    }),
  );
}

/** How many entities match, shared. `fingerprint`: the request's `catalogFingerprint(db)`, when it has one. */
export function sharedEntityCount(db: Db, filters: EntityFilters, fingerprint?: Promise<string>): Promise<number> {
  return cachedSummary(db, `count ${filtersKey(filters)}`, () => countEntities(db, filters), fingerprint);
}

/** `facetCounts` (each facet filtered by the others, `limit` values each), shared. */
export function sharedFacetCounts(
  db: Db,
  filters: EntityFilters,
  limit = 50,
  fingerprint?: Promise<string>,
): Promise<FacetCounts> {
  return cachedSummary(
    db,
    `facets ${limit} ${filtersKey(filters)}`,
    () => facetCounts(db, filters, limit),
    fingerprint,
  );
}
