"use client";

import { useActionState, useState } from "react";
import { IDLE } from "@/app/_lib/action-state";
import { Button } from "@/components/ui/button";
import { revokeToken } from "../actions";

/** Revoking asks once more inline (no browser dialog), then shows why it failed, if it did. */
export function RevokeTokenButton({ id, name }: { id: string; name: string }) {
  const [state, action, isPending] = useActionState(revokeToken, IDLE);
  const [isConfirming, setConfirming] = useState(false);
  if (!isConfirming) {
    return (
      <Button variant="danger" onClick={() => setConfirming(true)} aria-label={`Revoke ${name}`}>
        Revoke
      </Button>
    );
  }
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="id" value={id} />
      <span className="text-xs text-slate-600 dark:text-slate-400">Anything using it stops working.</span>
      <Button type="submit" variant="danger" disabled={isPending}>
        {isPending ? "Revoking…" : `Confirm revoke ${name}`}
      </Button>
      <Button variant="ghost" onClick={() => setConfirming(false)}>
        Cancel
      </Button>
      {state.status === "error" && (
        <p role="alert" className="w-full text-xs text-red-700 dark:text-red-300">
          {state.message}
        </p>
      )}
    </form>
  );
}
