"use client";

import { parseAsArrayOf, parseAsString, useQueryStates } from "nuqs";
import { useTransition } from "react";
import { FacetFieldset } from "./facet-fieldset";
import { facetKey, type FacetGroup } from "./facet-options";
import { clearedFacets } from "./catalog-params";

const list = parseAsArrayOf(parseAsString, ",").withDefault([]);
const PARSERS = {
  kind: list,
  type: list,
  owner: list,
  lifecycle: list,
  system: list,
  tag: list,
  level: list,
  cursor: parseAsString,
};

/** The facet panels. Ticking a box updates the URL (comma-separated values) and the server re-renders. */
export function FacetFilters({ groups }: { groups: FacetGroup[] }) {
  const [isPending, startTransition] = useTransition();
  const [params, setParams] = useQueryStates(PARSERS, { shallow: false, startTransition });
  const hasAny = groups.some((g) => params[g.name].length > 0);

  function toggle(group: FacetGroup, value: string, checked: boolean) {
    const key = facetKey(value, group.defaultKind, group.name);
    const rest = params[group.name].filter((v) => facetKey(v, group.defaultKind, group.name) !== key);
    const next = checked ? [...rest, value] : rest;
    void setParams({ [group.name]: next.length ? next : null, cursor: null });
  }

  function clearAll() {
    void setParams(clearedFacets("cursor"));
  }

  return (
    <div className="space-y-4" aria-busy={isPending}>
      <div className="flex h-7 items-center justify-between">
        <h2 className="text-sm font-semibold">Filters</h2>
        {hasAny && (
          <button
            type="button"
            onClick={clearAll}
            className="rounded text-xs text-brand-600 hover:underline focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-brand-100"
          >
            Clear filters
          </button>
        )}
      </div>
      {groups.map((group) => (
        <FacetFieldset
          key={group.name}
          group={group}
          isChecked={(value) => {
            const key = facetKey(value, group.defaultKind, group.name);
            return params[group.name].some((v) => facetKey(v, group.defaultKind, group.name) === key);
          }}
          onToggle={(value, checked) => toggle(group, value, checked)}
        />
      ))}
    </div>
  );
}
