"use client";

import { useState } from "react";
import { inputClass } from "@/components/ui/button";
import { addMapping } from "../actions";
import { ActionForm } from "./action-form";

/** One click from an unmatched incident: the chosen label's exact value → a service; the rule re-attaches the incidents it matches. */
export function MapLabelForm({ id, labels }: { id: number; labels: Record<string, string> }) {
  const entries = Object.entries(labels).filter(([name]) => name !== "alertname" && name !== "severity");
  const [chosen, setChosen] = useState(0);
  if (entries.length === 0) return <span className="text-xs text-slate-500">no labels to map</span>;
  const [name, value] = entries[Math.min(chosen, entries.length - 1)];
  return (
    <ActionForm action={addMapping} submit="Map" pending="Mapping…" label={`Map a label of incident ${id}`}>
      <input type="hidden" name="labelName" value={name} />
      <input type="hidden" name="pattern" value={value} />
      <input type="hidden" name="match" value="exact" />
      <label className="flex flex-col gap-1 text-xs">
        Label
        <select className={inputClass} value={chosen} onChange={(e) => setChosen(Number(e.target.value))}>
          {entries.map(([n, v], i) => (
            <option key={n} value={i}>
              {n}={v.length > 60 ? `${v.slice(0, 60)}…` : v}
            </option>
          ))}
        </select>
      </label>
      <ServiceField />
    </ActionForm>
  );
}

/** The catalog service a rule sends alerts to, picked from the page's `catalog-services` list or typed. */
export function ServiceField() {
  return (
    <label className="flex flex-col gap-1 text-xs">
      Service
      <input name="service" required list="catalog-services" placeholder="checkout" className={`${inputClass} w-48`} />
    </label>
  );
}
