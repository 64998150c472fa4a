"use client";

import { useActionState, useState } from "react";
import { IDLE } from "@/app/_lib/action-state";
import { Alert } from "@/components/ui/alert";
import { Button, inputClass } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { createToken } from "../actions";

type Props = {
  roles: readonly string[];
  /** Every scope, and which of them each role can use (computed on the server from lib/auth/permissions). */
  scopes: readonly { id: string; description: string }[];
  scopesByRole: Record<string, readonly string[]>;
  expiries: readonly string[];
};

/** Creates a token and shows its secret once: it is not stored and cannot be shown again. */
export function CreateTokenForm({ roles, scopes, scopesByRole, expiries }: Props) {
  const [state, action, isPending] = useActionState(createToken, IDLE);
  const [role, setRole] = useState("developer");
  // Least privilege: read access is ticked; anything more is a deliberate choice.
  const [chosen, setChosen] = useState<string[]>(["catalog:read"]);
  const allowed = scopesByRole[role] ?? [];

  function toggle(scope: string, on: boolean) {
    setChosen((current) => (on ? [...current, scope] : current.filter((s) => s !== scope)));
  }

  return (
    <div className="space-y-4">
      <form action={action} className="space-y-4">
        <div className="flex flex-wrap items-end gap-3">
          <div className="flex flex-col gap-1">
            <label htmlFor="token-name" className="text-sm font-medium">
              Token name
            </label>
            <input
              id="token-name"
              name="name"
              required
              maxLength={100}
              placeholder="e.g. payments CI"
              className={`${inputClass} w-64`}
            />
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="token-role" className="text-sm font-medium">
              Role
            </label>
            <select
              id="token-role"
              name="role"
              value={role}
              onChange={(e) => setRole(e.target.value)}
              className={inputClass}
            >
              {roles.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="token-expiry" className="text-sm font-medium">
              Expires
            </label>
            <select id="token-expiry" name="expiresInDays" defaultValue="90" className={inputClass}>
              {expiries.map((days) => (
                <option key={days} value={days}>
                  {days === "never" ? "never" : `in ${days} days`}
                </option>
              ))}
            </select>
          </div>
        </div>
        <fieldset>
          <legend className="text-sm font-medium">Scopes</legend>
          <p className="mb-2 text-xs text-slate-600 dark:text-slate-400">
            The token may act only where its role allows it AND it holds the scope. Grey scopes are beyond the chosen
            role.
          </p>
          <div className="flex flex-wrap gap-x-5 gap-y-2">
            {scopes.map((scope) => {
              const isAllowed = allowed.includes(scope.id);
              return (
                <label
                  key={scope.id}
                  className={`flex items-center gap-1.5 text-sm ${isAllowed ? "" : "opacity-50"}`}
                  title={scope.description}
                >
                  <input
                    type="checkbox"
                    name="scopes"
                    value={scope.id}
                    disabled={!isAllowed}
                    checked={isAllowed && chosen.includes(scope.id)}
                    onChange={(e) => toggle(scope.id, e.target.checked)}
                  />
                  <code>{scope.id}</code>
                </label>
              );
            })}
          </div>
        </fieldset>
        <Button type="submit" variant="primary" disabled={isPending}>
          {isPending ? "Creating…" : "Create token"}
        </Button>
      </form>
      {state.status === "error" && <Alert tone="error">{state.message}</Alert>}
      {state.status === "ok" && state.data && (
        <Alert tone="warning" title={`Copy the secret for “${state.data.name}” now`}>
          <p>
            It is shown only this once: Portolan keeps only a hash of it. If you lose it, revoke the token and create
            another.
          </p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <code
              aria-label="New token secret"
              className="break-all rounded bg-white px-2 py-1 font-mono text-xs text-slate-900 ring-1 ring-amber-300 dark:bg-slate-950 dark:text-slate-100 dark:ring-amber-800"
            >
              {state.data.token}
            </code>
            <CopyButton text={state.data.token} label="Copy token" />
          </div>
          <p className="mt-2 text-xs">
            Use it as <code>Authorization: Bearer …</code> against <code>/api/v1</code>. Scopes:{" "}
            {state.data.scopes.join(", ")}
            {state.data.expiresAt
              ? `; expires ${new Date(state.data.expiresAt).toISOString().slice(0, 10)}`
              : "; never expires"}
            .
          </p>
        </Alert>
      )}
    </div>
  );
}
