"use client";

import { useActionState, type ReactNode } from "react";
import { IDLE, type ActionState } from "@/app/_lib/action-state";
import { ActionMessage } from "@/components/ui/action-message";
import { Button, type ButtonVariant } from "@/components/ui/button";

type Props = {
  action: (previous: ActionState, payload: FormData) => Promise<ActionState>;
  submit: string;
  pending: string;
  /** Names the form (a landmark); a row's one-button form goes without. */
  label?: string;
  /** Names the button where its text alone does not say which row it acts on. */
  buttonLabel?: string;
  /** Hidden fields sent with it (a row's id). */
  fields?: Record<string, string>;
  variant?: ButtonVariant;
  children?: ReactNode;
};

/** A form bound to one server action (its fields, or one table row's), with its outcome said beside it. */
export function ActionForm({
  action,
  submit,
  pending,
  label,
  buttonLabel,
  fields = {},
  variant = "secondary",
  children,
}: Props) {
  const [state, formAction, isPending] = useActionState(action, IDLE);
  return (
    <form action={formAction} aria-label={label} className="flex flex-wrap items-end gap-2">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
      <Button type="submit" variant={variant} disabled={isPending} aria-label={buttonLabel}>
        {isPending ? pending : submit}
      </Button>
      <ActionMessage state={state} />
    </form>
  );
}
