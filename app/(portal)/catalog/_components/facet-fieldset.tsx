"use client";

import { useState } from "react";
import type { FacetGroup } from "./facet-options";

const VISIBLE = 8;

type Props = {
  group: FacetGroup;
  isChecked: (value: string) => boolean;
  onToggle: (value: string, checked: boolean) => void;
};

/** One facet as a fieldset of checkboxes labelled with the value; the count describes each box. */
export function FacetFieldset({ group, isChecked, onToggle }: Props) {
  const [showAll, setShowAll] = useState(false);
  if (group.options.length === 0) return null;
  const shown = showAll ? group.options : group.options.filter((o, i) => i < VISIBLE || isChecked(o.value));
  const hidden = group.options.length - shown.length;
  return (
    <fieldset className="min-w-0">
      <legend className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
        {group.legend}
      </legend>
      <ul className="space-y-0.5">
        {shown.map((option) => {
          const id = `facet-${group.name}-${group.options.indexOf(option)}`;
          return (
            <li
              key={option.value}
              className="flex items-center gap-2 rounded px-1 text-sm hover:bg-slate-100 dark:hover:bg-slate-800/60"
            >
              <input
                id={id}
                type="checkbox"
                checked={isChecked(option.value)}
                onChange={(e) => onToggle(option.value, e.target.checked)}
                aria-describedby={`${id}-count`}
                className="h-4 w-4 shrink-0 rounded border-slate-300 accent-brand-600 focus-visible:outline-2 focus-visible:outline-brand-500 dark:border-slate-600"
              />
              <label htmlFor={id} className="min-w-0 flex-1 cursor-pointer truncate py-0.5" title={option.value}>
                {option.value}
              </label>
              <span id={`${id}-count`} className="text-xs tabular-nums text-slate-500 dark:text-slate-400">
                <span className="sr-only">matching entities: </span>
                {option.count}
              </span>
            </li>
          );
        })}
      </ul>
      {(hidden > 0 || showAll) && group.options.length > VISIBLE && (
        <button
          type="button"
          onClick={() => setShowAll((v) => !v)}
          className="mt-1 rounded px-1 text-xs text-brand-600 hover:underline focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-brand-100"
        >
          {showAll ? "Show fewer" : `Show ${hidden} more`}
        </button>
      )}
    </fieldset>
  );
}
