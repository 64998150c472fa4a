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
  level: "Scorecard level, highest first",
  "-level": "Scorecard level, lowest first",
};

const PARSERS = {
  sort: parseAsStringLiteral(SORTS),
  q: parseAsString.withDefault(""),
  scorecard: parseAsString,
  cursor: parseAsString,
};
const BY_LEVEL: readonly string[] = ["level", "-level"];

export function SortSelect() {
  const [, startTransition] = useTransition();
  const [{ sort, q, scorecard }, setParams] = useQueryStates(PARSERS, { shallow: false, startTransition });
  const fallback = q ? "relevance" : "name";
  const options = SORTS.filter((s) => (s !== "relevance" || q) && (scorecard || !BY_LEVEL.includes(s)));
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
