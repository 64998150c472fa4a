"use client";

import { parseAsString, parseAsStringLiteral, useQueryStates } from "nuqs";
import { useTransition } from "react";
import { SORTS } from "@/lib/catalog/schemas";
import { inputClass } from "@/components/ui/button";

const LABELS: Record<(typeof SORTS)[number], string> = {
  relevance: "Best match",
  name: "Name, A to Z",
  "-name": "Name, Z to A",
  kind: "Kind",
  updated: "Recently updated",
};

const PARSERS = { sort: parseAsStringLiteral(SORTS), q: parseAsString.withDefault(""), cursor: parseAsString };

export function SortSelect() {
  const [, startTransition] = useTransition();
  const [{ sort, q }, setParams] = useQueryStates(PARSERS, { shallow: false, startTransition });
  const fallback = q ? "relevance" : "name";
  const options = SORTS.filter((s) => s !== "relevance" || q);
  return (
    <div className="flex items-center gap-2">
      <label htmlFor="catalog-sort" className="whitespace-nowrap text-sm text-slate-600 dark:text-slate-400">
        Sort by
      </label>
      <select
        id="catalog-sort"
        value={sort && options.includes(sort) ? sort : fallback}
        onChange={(e) => {
          const value = e.target.value as (typeof SORTS)[number];
          void setParams({ sort: value === fallback ? null : value, cursor: null });
        }}
        className={inputClass}
      >
        {options.map((s) => (
          <option key={s} value={s}>
            {LABELS[s]}
          </option>
        ))}
      </select>
    </div>
  );
}
