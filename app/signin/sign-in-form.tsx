"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";

type Person = { login: string; name: string | null; role: string };
type Props = { people: Person[]; devLogin: boolean; github: boolean; callbackUrl: string; error?: string };

const ERROR_TEXT: Record<string, string> = {
  CredentialsSignin: "That sign-in did not work.",
  OAuthSignin: "Could not reach GitHub to sign in.",
  AccessDenied: "You are not allowed to sign in.",
};

export function SignInForm({ people, devLogin, github, callbackUrl, error }: Props) {
  const [message, setMessage] = useState(error ? (ERROR_TEXT[error] ?? error) : null);
  const [login, setLogin] = useState("");
  const [busy, setBusy] = useState(false);

  async function signInAs(name: string) {
    setBusy(true);
    setMessage(null);
    const result = await signIn("dev", { login: name, redirect: false, callbackUrl });
    setBusy(false);
    if (result?.error) setMessage(ERROR_TEXT[result.error] ?? result.error);
    else window.location.assign(result?.url ?? callbackUrl);
  }

  return (
    <div className="space-y-6">
      {message && (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
          {message}
        </p>
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
      {devLogin && (
        <section aria-labelledby="dev-login" className="rounded-lg border border-slate-200 p-4 dark:border-slate-800">
          <h2 id="dev-login" className="font-medium">Development sign-in</h2>
          <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
            No password: pick a person. Turn this off in production with <code>PORTOLAN_DEV_LOGIN=false</code>.
          </p>
          {people.length > 0 ? (
            <ul className="mb-4 grid gap-2">
              {people.map((p) => (
                <li key={p.login}>
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => signInAs(p.login)}
                    aria-label={`Sign in as ${p.login}`}
                    title={`Role: ${p.role}`}
                    className="flex w-full items-center justify-between rounded-md border border-slate-200 px-3 py-2 text-left hover:bg-slate-100 disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800"
                  >
                    <span>Sign in as {p.login}</span>
                    <span className="text-xs text-slate-500">{p.role}</span>
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="mb-3 text-sm">No users yet: the first person to sign in becomes the admin.</p>
          )}
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (login.trim()) void signInAs(login.trim());
            }}
            className="flex gap-2"
          >
            <label className="sr-only" htmlFor="login">Login</label>
            <input
              id="login"
              value={login}
              onChange={(e) => setLogin(e.target.value)}
              placeholder="another login"
              className="min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900"
            />
            <button type="submit" disabled={busy} className="rounded-md bg-brand-600 px-4 py-2 text-white hover:bg-brand-700 disabled:opacity-50">
              Sign in
            </button>
          </form>
        </section>
      )}
      {!github && !devLogin && (
        <p className="text-sm">
          No sign-in method is configured. Set <code>GITHUB_CLIENT_ID</code> and <code>GITHUB_CLIENT_SECRET</code>, or{" "}
          <code>PORTOLAN_DEV_LOGIN=true</code> for a development sign-in.
        </p>
      )}
    </div>
  );
}
