"use client";

import { useActionState } from "react";
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
      {state.status !== "idle" && (
        <p
          role={state.status === "error" ? "alert" : "status"}
          className={`text-sm ${state.status === "error" ? "text-red-700 dark:text-red-300" : "text-green-700 dark:text-green-300"}`}
        >
          {state.message}
        </p>
      )}
    </form>
  );
}
