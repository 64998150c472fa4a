"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { shortRef } from "@/components/catalog/entity-href";
import { Combobox, type ComboboxOption } from "@/components/ui/combobox";
import type { PickerOption } from "@/lib/catalog/picker-options";

/** Waits for a pause in typing before asking the server. */
const DEBOUNCE_MS = 150;

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * A team or system filter: suggestions from GET /environments/options as the person types (a page of
 * matches, never the whole catalog). `selectedTitle`: the chosen ref's title, read by the page.
 */
export function FilterPicker({
  kind,
  label,
  noneLabel,
  selectedTitle,
  onChange,
}: {
  kind: "group" | "system";
  label: string;
  noneLabel: string;
  selectedTitle: string;
  onChange: (ref: string) => void;
}) {
  const [chosen, setChosen] = useState(selectedTitle);
  const [query, setQuery] = useState("");
  const [isOpen, setOpen] = useState(false);
  const asked = useDebounced(query, DEBOUNCE_MS);
  const found = useQuery({
    queryKey: ["environments-filter-options", kind, asked],
    enabled: isOpen,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    queryFn: async ({ signal }): Promise<PickerOption[]> => {
      const response = await fetch(`/environments/options?${new URLSearchParams({ kind, q: asked })}`, { signal });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(body?.error?.message ?? `HTTP ${response.status}`);
      return body.items;
    },
  });
  const isPending = query !== asked || found.isPlaceholderData || found.isPending;
  const options: ComboboxOption[] = (found.data ?? []).map((o) => {
    const name = shortRef(o.ref, kind);
    return { value: o.ref, label: o.title, hint: name === o.title ? undefined : name };
  });
  const status = found.error
    ? `Could not search: ${found.error.message}`
    : isPending
      ? "Searching…"
      : options.length === 0
        ? asked
          ? `Nothing matches “${asked}”`
          : `No ${label.toLowerCase()}s in the catalog`
        : undefined;
  return (
    <Combobox
      label={label}
      noneLabel={noneLabel}
      selectedLabel={chosen}
      options={options}
      isPending={isPending}
      status={status}
      onQueryChange={setQuery}
      onOpenChange={setOpen}
      onSelect={(option) => {
        setChosen(option?.label ?? "");
        onChange(option?.value ?? "");
      }}
    />
  );
}
