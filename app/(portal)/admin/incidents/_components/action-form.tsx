"use client";

import { useActionState, type ReactNode } from "react";
import { IDLE, type ActionState } from "@/app/_lib/action-state";
import { ActionMessage } from "@/components/ui/action-message";
import { Button } from "@/components/ui/button";

type Props = {
  action: (previous: ActionState, payload: FormData) => Promise<ActionState>;
  submit: string;
  pending: string;
  label: string;
  variant?: "primary" | "secondary" | "danger";
  children?: ReactNode;
};

/** A form bound to one server action, with its outcome said beside it. */
export function ActionForm({ action, submit, pending, label, variant = "secondary", children }: Props) {
  const [state, formAction, isPending] = useActionState(action, IDLE);
  return (
    <form action={formAction} aria-label={label} className="flex flex-wrap items-end gap-2">
      {children}
      <Button type="submit" variant={variant} disabled={isPending}>
        {isPending ? pending : submit}
      </Button>
      <ActionMessage state={state} />
    </form>
  );
}
