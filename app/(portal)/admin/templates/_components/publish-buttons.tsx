"use client";

import { useActionState, useState } from "react";
import { IDLE } from "@/app/_lib/action-state";
import { ActionMessage } from "@/components/ui/action-message";
import { Button } from "@/components/ui/button";
import { publishAction, withdrawAction } from "../actions";

/** Publishes the version on screen: the hash goes with the form, so a change meanwhile is refused. */
export function PublishButton({ name, hash, isUpdate }: { name: string; hash: string; isUpdate: boolean }) {
  const [state, action, isPending] = useActionState(publishAction, IDLE);
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="name" value={name} />
      <input type="hidden" name="hash" value={hash} />
      <Button type="submit" variant="primary" disabled={isPending} aria-label={`Publish ${name}`}>
        {isPending ? "Publishing…" : isUpdate ? "Publish these changes" : "Publish"}
      </Button>
      <ActionMessage state={state} />
    </form>
  );
}

/** Withdrawing asks once more inline: queued runs of the template will not start. */
export function WithdrawButton({ name }: { name: string }) {
  const [state, action, isPending] = useActionState(withdrawAction, IDLE);
  const [isConfirming, setConfirming] = useState(false);
  if (!isConfirming) {
    return (
      <Button variant="danger" onClick={() => setConfirming(true)} aria-label={`Withdraw ${name}`}>
        Withdraw
      </Button>
    );
  }
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="name" value={name} />
      <span className="text-xs text-slate-600 dark:text-slate-400">
        It stops being offered; queued runs of it will not start.
      </span>
      <Button type="submit" variant="danger" disabled={isPending}>
        {isPending ? "Withdrawing…" : `Confirm withdraw ${name}`}
      </Button>
      <Button variant="ghost" onClick={() => setConfirming(false)}>
        Cancel
      </Button>
      <ActionMessage state={state} />
    </form>
  );
}
