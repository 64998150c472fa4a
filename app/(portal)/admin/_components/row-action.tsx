"use client";

import { useActionState } from "react";
import { ActionMessage } from "@/components/ui/action-message";
import { IDLE, type ActionState } from "@/app/_lib/action-state";
import { Button, type ButtonVariant } from "@/components/ui/button";

type Props = {
  act: (previous: ActionState, payload?: FormData | unknown) => Promise<ActionState>;
  /** Hidden fields sent with it (the row's id). */
  fields: Record<string, string>;
  label: string;
  pendingLabel: string;
  ariaLabel: string;
  variant?: ButtonVariant;
};

/** One button acting on one table row through a server action, with what came of it beside it. */
export function RowAction({ act, fields, label, pendingLabel, ariaLabel, variant = "secondary" }: Props) {
  const [state, action, isPending] = useActionState(act, IDLE);
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Button type="submit" variant={variant} disabled={isPending} aria-label={ariaLabel}>
        {isPending ? pendingLabel : label}
      </Button>
      <ActionMessage state={state} className="text-xs" />
    </form>
  );
}
