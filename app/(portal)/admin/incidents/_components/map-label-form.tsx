"use client";

import { useState } from "react";
import { inputClass } from "@/components/ui/button";
import { addMapping } from "../actions";
import { ActionForm } from "../../_components/action-form";

const NOT_A_SERVICE = new Set(["alertname", "severity", "env", "environment"]);

/** One click from an unmatched incident: the chosen label's exact value → a service; the rule re-attaches the incidents it matches. */
export function MapLabelForm({ id, labels }: { id: number; labels: Record<string, string> }) {
  // Labels that name the alert, its severity or its environment are no service's name.
  const entries = Object.entries(labels).filter(([name]) => !NOT_A_SERVICE.has(name));
  const [chosen, setChosen] = useState(0);
  if (entries.length === 0) return <span className="text-xs text-slate-500">no labels to map</span>;
  const [name, value] = entries[Math.min(chosen, entries.length - 1)];
  return (
    <ActionForm
      action={addMapping}
      submit="Map"
      pending="Mapping…"
      label={`Map a label of incident ${id}`}
      fields={{ labelName: name, pattern: value, match: "exact" }}
    >
      <div className="flex flex-col gap-1 text-xs">
        <label htmlFor={`map-${id}-label`}>Label</label>
        <select
          id={`map-${id}-label`}
          className={inputClass}
          value={chosen}
          onChange={(e) => setChosen(Number(e.target.value))}
        >
          {entries.map(([n, v], i) => (
            <option key={n} value={i}>
              {n}={v.length > 60 ? `${v.slice(0, 60)}…` : v}
            </option>
          ))}
        </select>
      </div>
      <ServiceField id={`map-${id}-service`} />
    </ActionForm>
  );
}

/** The catalog service a rule sends alerts to, picked from the page's `catalog-services` list or typed. */
export function ServiceField({ id }: { id: string }) {
  return (
    <div className="flex flex-col gap-1 text-xs">
      <label htmlFor={id}>Service</label>
      <input
        id={id}
        name="service"
        required
        list="catalog-services"
        placeholder="checkout"
        className={`${inputClass} w-48`}
      />
    </div>
  );
}
