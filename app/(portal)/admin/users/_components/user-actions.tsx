"use client";

import { useActionState } from "react";
import { IDLE } from "@/app/_lib/action-state";
import { ActionMessage } from "@/components/ui/action-message";
import { Button } from "@/components/ui/button";
import { resetPasswordAction, setDisabledAction, signOutEverywhereAction, withdrawInvitationAction } from "../actions";
import { OneTimeLink } from "./one-time-link";

type Props = { userId: string; login: string; isDisabled: boolean; activeSessions: number };

/** Per-account actions: a password reset link, sign out everywhere, disable / enable. */
export function UserActions({ userId, login, isDisabled, activeSessions }: Props) {
  const [reset, resetAction, resetting] = useActionState(resetPasswordAction, IDLE);
  const [signOut, signOutAction, signingOut] = useActionState(signOutEverywhereAction, IDLE);
  const [disable, disableAction, disabling] = useActionState(setDisabledAction, IDLE);
  return (
    <div className="flex flex-wrap items-center gap-2">
      {!isDisabled && (
        <form action={resetAction}>
          <input type="hidden" name="userId" value={userId} />
          <Button type="submit" disabled={resetting} aria-label={`Reset password of ${login}`}>
            Reset password
          </Button>
        </form>
      )}
      <form action={signOutAction}>
        <input type="hidden" name="userId" value={userId} />
        <Button type="submit" disabled={signingOut || activeSessions === 0} aria-label={`Sign ${login} out everywhere`}>
          Sign out everywhere
        </Button>
      </form>
      <form action={disableAction}>
        <input type="hidden" name="userId" value={userId} />
        <input type="hidden" name="disabled" value={isDisabled ? "false" : "true"} />
        <Button
          type="submit"
          variant={isDisabled ? "secondary" : "danger"}
          disabled={disabling}
          aria-label={`${isDisabled ? "Enable" : "Disable"} ${login}`}
        >
          {isDisabled ? "Enable" : "Disable"}
        </Button>
      </form>
      {reset.status === "ok" && reset.data ? (
        <div className="w-full">
          <OneTimeLink title={`Password reset link for ${login}`} link={reset.data} />
        </div>
      ) : (
        <ActionMessage state={reset} />
      )}
      <ActionMessage state={signOut} />
      <ActionMessage state={disable} />
    </div>
  );
}

export function WithdrawInvitationButton({ id, login }: { id: string; login: string }) {
  const [state, action, isPending] = useActionState(withdrawInvitationAction, IDLE);
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="id" value={id} />
      <Button type="submit" variant="danger" disabled={isPending} aria-label={`Withdraw the invitation for ${login}`}>
        Withdraw
      </Button>
      <ActionMessage state={state} />
    </form>
  );
}
