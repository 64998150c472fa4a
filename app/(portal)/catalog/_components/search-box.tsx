"use client";

import { debounce, parseAsString, useQueryStates } from "nuqs";
import { useTransition } from "react";
import { inputClass } from "@/components/ui/button";

const PARSERS = { q: parseAsString.withDefault(""), cursor: parseAsString };

/** Searches as you type: the box updates at once, the URL (and the server render) 250 ms after the last key. */
export function SearchBox() {
  const [isPending, startTransition] = useTransition();
  const [{ q }, setParams] = useQueryStates(PARSERS, { shallow: false, startTransition });

  return (
    <div className="relative min-w-0 flex-1">
      <label htmlFor="catalog-search" className="sr-only">
        Search the catalog
      </label>
      <input
        id="catalog-search"
        type="search"
        value={q}
        autoComplete="off"
        spellCheck={false}
        placeholder="Search by name, title, tag or description"
        onChange={(e) => {
          const value = e.target.value;
          // Clearing the box applies at once; typing waits for a pause.
          void setParams({ q: value || null, cursor: null }, value ? { limitUrlUpdates: debounce(250) } : undefined);
        }}
        className={`${inputClass} w-full pr-24`}
      />
      <span
        aria-live="polite"
        className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-xs text-slate-500 dark:text-slate-400"
      >
        {isPending ? "Searching…" : ""}
      </span>
    </div>
  );
}
