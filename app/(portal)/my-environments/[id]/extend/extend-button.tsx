"use client";

import { useActionState } from "react";
import { ActionMessage } from "@/components/ui/action-message";
import { IDLE } from "@/app/_lib/action-state";
import { Button } from "@/components/ui/button";
import { extendNow } from "./actions";

/** The one click the expiry warning promises. */
export function ExtendButton({ id, name, disabled }: { id: string; name: string; disabled: boolean }) {
  const [state, extend, isPending] = useActionState(extendNow, IDLE);
  return (
    <form action={extend} className="space-y-3">
      <input type="hidden" name="id" value={id} />
      <Button type="submit" variant="primary" disabled={disabled || isPending || state.status === "ok"}>
        {isPending ? "Extending…" : `Extend ${name}`}
      </Button>
      <ActionMessage state={state} className="text-sm" />
    </form>
  );
}
