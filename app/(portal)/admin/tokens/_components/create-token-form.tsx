"use client";

import { useActionState } from "react";
import { IDLE } from "@/app/_lib/action-state";
import { Alert } from "@/components/ui/alert";
import { Button, inputClass } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { createToken } from "../actions";

/** Creates a token and shows its secret once: it is not stored and cannot be shown again. */
export function CreateTokenForm({ roles }: { roles: readonly string[] }) {
  const [state, action, isPending] = useActionState(createToken, IDLE);
  return (
    <div className="space-y-4">
      <form action={action} className="flex flex-wrap items-end gap-3">
        <div className="flex flex-col gap-1">
          <label htmlFor="token-name" className="text-sm font-medium">
            Token name
          </label>
          <input id="token-name" name="name" required maxLength={100} placeholder="e.g. payments CI" className={`${inputClass} w-64`} />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="token-role" className="text-sm font-medium">
            Role
          </label>
          <select id="token-role" name="role" defaultValue="developer" className={inputClass}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" variant="primary" disabled={isPending}>
          {isPending ? "Creating…" : "Create token"}
        </Button>
      </form>
      {state.status === "error" && <Alert tone="error">{state.message}</Alert>}
      {state.status === "ok" && state.data && (
        <Alert tone="warning" title={`Copy the secret for “${state.data.name}” now`}>
          <p>It is shown only this once: Portolan keeps only a hash of it. If you lose it, revoke the token and create another.</p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <code aria-label="New token secret" className="break-all rounded bg-white px-2 py-1 font-mono text-xs text-slate-900 ring-1 ring-amber-300 dark:bg-slate-950 dark:text-slate-100 dark:ring-amber-800">
              {state.data.token}
            </code>
            <CopyButton text={state.data.token} label="Copy token" />
          </div>
          <p className="mt-2 text-xs">
            Use it as <code>Authorization: Bearer …</code> against <code>/api/v1</code>.
          </p>
        </Alert>
      )}
    </div>
  );
}
