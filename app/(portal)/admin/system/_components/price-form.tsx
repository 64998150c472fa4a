"use client";

import { useActionState } from "react";
import { IDLE } from "@/app/_lib/action-state";
import { ActionMessage } from "@/components/ui/action-message";
import { Button, inputClass } from "@/components/ui/button";
import { savePrice } from "../actions";

/** Sets the price per resource-hour of one template, or of every template (*); an empty price removes it. */
export function PriceForm({ templates }: { templates: string[] }) {
  const [state, action, isPending] = useActionState(savePrice, IDLE);
  return (
    <form action={action} className="flex flex-wrap items-end gap-2" aria-label="Set a price">
      <label className="flex flex-col text-sm">
        Template
        <select name="scope" className={inputClass} defaultValue="*">
          <option value="*">every template (*)</option>
          {templates.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-sm">
        Price per resource-hour
        <input name="pricePerHour" inputMode="decimal" className={inputClass} placeholder="empty removes it" />
      </label>
      <label className="flex flex-col text-sm">
        Currency
        <input name="currency" className={inputClass} defaultValue="USD" maxLength={3} size={4} />
      </label>
      <Button type="submit" variant="primary" disabled={isPending}>
        {isPending ? "Saving…" : "Save price"}
      </Button>
      <ActionMessage state={state} />
    </form>
  );
}
