"use client";

import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { IDLE, type ActionState } from "@/app/_lib/action-state";
import { Alert } from "@/components/ui/alert";
import { Button, inputClass } from "@/components/ui/button";

type Props = {
  secret: string;
  /** Fixed login (invitation, reset), or null to let the person choose it (setup). */
  login: string | null;
  askName: boolean;
  submitLabel: string;
  minLength: number;
  action: (previous: ActionState<{ login: string }>, form: FormData) => Promise<ActionState<{ login: string }>>;
};

/**
 * Sets a password through a one-time link, then signs in with it. The password goes to the server
 * once to be hashed and once to sign in; it is never stored in the browser.
 */
export function AccountForm({ secret, login, askName, submitLabel, minLength, action }: Props) {
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password") ?? "");
    if (password !== String(form.get("confirm") ?? "")) {
      setMessage("The two passwords differ.");
      return;
    }
    setBusy(true);
    setMessage(null);
    const result = await action(IDLE, form);
    if (result.status !== "ok" || !result.data) {
      setBusy(false);
      setMessage(result.status === "error" ? result.message : "That did not work; try again.");
      return;
    }
    const signedIn = await signIn("password", {
      login: result.data.login,
      password,
      redirect: false,
      callbackUrl: "/catalog",
    });
    window.location.assign(signedIn?.error ? "/signin?done=password" : (signedIn?.url ?? "/catalog"));
  }

  return (
    <form onSubmit={submit} className="space-y-3">
      {message && <Alert tone="error">{message}</Alert>}
      <input type="hidden" name="secret" value={secret} />
      {login === null ? (
        <div className="flex flex-col gap-1">
          <label htmlFor="login" className="text-sm font-medium">
            Login
          </label>
          <input
            id="login"
            name="login"
            required
            maxLength={63}
            pattern="[A-Za-z0-9][A-Za-z0-9._\-]*"
            autoComplete="username"
            className={inputClass}
          />
          <span className="text-xs text-slate-500">
            Letters, digits, dots, dashes, underscores; your GitHub or catalog name if you have one.
          </span>
        </div>
      ) : (
        <p className="text-sm">
          Login: <code>{login}</code>
        </p>
      )}
      {askName && (
        <div className="flex flex-col gap-1">
          <label htmlFor="name" className="text-sm font-medium">
            Name
          </label>
          <input id="name" name="name" maxLength={100} autoComplete="name" className={inputClass} />
        </div>
      )}
      <div className="flex flex-col gap-1">
        <label htmlFor="password" className="text-sm font-medium">
          Password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          required
          minLength={minLength}
          maxLength={256}
          autoComplete="new-password"
          className={inputClass}
        />
        <span className="text-xs text-slate-500">
          At least {minLength} characters; a few unrelated words work well.
        </span>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="confirm" className="text-sm font-medium">
          Repeat the password
        </label>
        <input
          id="confirm"
          name="confirm"
          type="password"
          required
          maxLength={256}
          autoComplete="new-password"
          className={inputClass}
        />
      </div>
      <Button type="submit" variant="primary" disabled={busy} className="w-full">
        {busy ? "Saving…" : submitLabel}
      </Button>
    </form>
  );
}
