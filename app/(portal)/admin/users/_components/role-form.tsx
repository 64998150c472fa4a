"use client";

import { useActionState, useState } from "react";
import { IDLE } from "@/app/_lib/action-state";
import { ActionMessage } from "@/components/ui/action-message";
import { Button, inputClass } from "@/components/ui/button";
import { changeUserRole } from "../actions";

type Props = { userId: string; login: string; role: string; roles: readonly string[] };

/** Changes one person's role; the outcome (or why it failed) shows beside the form. */
export function RoleForm({ userId, login, role, roles }: Props) {
  const [state, action, isPending] = useActionState(changeUserRole, IDLE);
  const [value, setValue] = useState(role);
  const selectId = `role-${userId}`;
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="userId" value={userId} />
      <label htmlFor={selectId} className="sr-only">
        Role for {login}
      </label>
      <select id={selectId} name="role" value={value} onChange={(e) => setValue(e.target.value)} className={inputClass}>
        {roles.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      <Button type="submit" disabled={isPending || value === role}>
        {isPending ? "Saving…" : "Save"}
      </Button>
      <ActionMessage state={state} />
    </form>
  );
}
