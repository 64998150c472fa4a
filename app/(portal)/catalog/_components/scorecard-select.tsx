"use client";

import { parseAsString, useQueryStates } from "nuqs";
import { useTransition } from "react";
import { inputClass } from "@/components/ui/button";

const PARSERS = { scorecard: parseAsString, level: parseAsString, sort: parseAsString, cursor: parseAsString };

/** Chooses the scorecard whose levels the catalog filters and sorts by; another choice clears those. */
export function ScorecardSelect({ scorecards }: { scorecards: { name: string; title: string }[] }) {
  const [, startTransition] = useTransition();
  const [{ scorecard, sort }, setParams] = useQueryStates(PARSERS, { shallow: false, startTransition });
  if (!scorecards.length) return null;
  return (
    <div className="flex items-center gap-2">
      <label htmlFor="catalog-scorecard" className="whitespace-nowrap text-sm text-slate-600 dark:text-slate-400">
        Scorecard
      </label>
      <select
        id="catalog-scorecard"
        value={scorecard ?? ""}
        onChange={(e) => {
          const isLevelSort = sort === "level" || sort === "-level";
          void setParams({
            scorecard: e.target.value || null,
            level: null,
            cursor: null,
            ...(isLevelSort && !e.target.value ? { sort: null } : {}),
          });
        }}
        className={inputClass}
      >
        <option value="">Any</option>
        {scorecards.map((s) => (
          <option key={s.name} value={s.name}>
            {s.title}
          </option>
        ))}
      </select>
    </div>
  );
}
