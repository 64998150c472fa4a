"use client";

import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, inputClass } from "@/components/ui/button";

type Props = {
  devLogin: boolean;
  github: boolean;
  setupPending: boolean;
  callbackUrl: string;
  error?: string;
  notice?: string;
};

const ERROR_TEXT: Record<string, string> = {
  CredentialsSignin: "That sign-in did not work.",
  OAuthSignin: "Could not reach GitHub to sign in.",
  OAuthCallback: "GitHub sign-in did not complete; try again.",
  AccessDenied: "You are not allowed to sign in.",
  SessionRequired: "Sign in to continue.",
};

const text = (error: string) => ERROR_TEXT[error] ?? error;

export function SignInForm({ devLogin, github, setupPending, callbackUrl, error, notice }: Props) {
  const [message, setMessage] = useState(error ? text(error) : null);
  const [busy, setBusy] = useState(false);

  async function submit(provider: "password" | "dev", event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setMessage(null);
    const result = await signIn(provider, {
      login: String(form.get("login") ?? "").trim(),
      ...(provider === "password" ? { password: String(form.get("password") ?? "") } : {}),
      redirect: false,
      callbackUrl,
    });
    setBusy(false);
    if (result?.error) setMessage(text(result.error));
    else window.location.assign(result?.url ?? callbackUrl);
  }

  return (
    <div className="space-y-6">
      {message && <Alert tone="error">{message}</Alert>}
      {notice && !message && <Alert tone="success">{notice}</Alert>}
      {setupPending && (
        <Alert tone="info" title="No admin yet">
          The server printed a one-time setup link when it started; open it to create the first admin.
        </Alert>
      )}
      {github && (
        <button
          type="button"
          onClick={() => signIn("github", { callbackUrl })}
          className="w-full rounded-md bg-slate-900 px-4 py-2 text-white hover:bg-slate-700 dark:bg-slate-100 dark:text-slate-900"
        >
          Sign in with GitHub
        </button>
      )}
      <form onSubmit={(e) => submit("password", e)} className="space-y-3" aria-label="Sign in with a password">
        <div className="flex flex-col gap-1">
          <label htmlFor="login" className="text-sm font-medium">
            Login
          </label>
          <input id="login" name="login" autoComplete="username" required maxLength={63} className={inputClass} />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="password" className="text-sm font-medium">
            Password
          </label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            maxLength={256}
            className={inputClass}
          />
        </div>
        <Button type="submit" variant="primary" disabled={busy} className="w-full">
          Sign in
        </Button>
      </form>
      {devLogin && (
        <section aria-labelledby="dev-login" className="rounded-lg border border-amber-300 p-4 dark:border-amber-800">
          <h2 id="dev-login" className="font-medium">
            Development sign-in
          </h2>
          <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
            No password: type a login (the demo has <code>admin</code>, <code>dev</code> and <code>viewer</code>). On
            only because <code>PORTOLAN_DEV_LOGIN=true</code>; never for a shared portal.
          </p>
          <form onSubmit={(e) => submit("dev", e)} className="flex gap-2">
            <label className="sr-only" htmlFor="dev-login-name">
              Development login
            </label>
            <input
              id="dev-login-name"
              name="login"
              required
              maxLength={63}
              placeholder="login"
              className={`${inputClass} min-w-0 flex-1`}
            />
            <Button type="submit" disabled={busy}>
              Sign in without a password
            </Button>
          </form>
        </section>
      )}
    </div>
  );
}
