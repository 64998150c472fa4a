"use client";

import { useActionState } from "react";
import { IDLE } from "@/app/_lib/action-state";
import { Alert } from "@/components/ui/alert";
import { Button, inputClass } from "@/components/ui/button";
import { inviteUserAction } from "../actions";
import { OneTimeLink } from "./one-time-link";

/** Invites a person: a login and a role now, their password on the link's page. */
export function InviteForm({ roles }: { roles: readonly string[] }) {
  const [state, action, isPending] = useActionState(inviteUserAction, IDLE);
  return (
    <div className="space-y-4">
      <form action={action} className="flex flex-wrap items-end gap-3">
        <div className="flex flex-col gap-1">
          <label htmlFor="invite-login" className="text-sm font-medium">
            Login to invite
          </label>
          <input
            id="invite-login"
            name="login"
            required
            maxLength={63}
            placeholder="e.g. jdoe"
            className={`${inputClass} w-56`}
          />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="invite-role" className="text-sm font-medium">
            Role
          </label>
          <select id="invite-role" name="role" defaultValue="viewer" className={inputClass}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" variant="primary" disabled={isPending}>
          {isPending ? "Inviting…" : "Create invitation"}
        </Button>
      </form>
      {state.status === "error" && <Alert tone="error">{state.message}</Alert>}
      {state.status === "ok" && state.data && (
        <OneTimeLink title={`Invitation link for ${state.data.login}`} link={state.data} />
      )}
    </div>
  );
}
