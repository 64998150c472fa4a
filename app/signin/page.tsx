import type { Metadata } from "next";
import { needsSetup } from "@/lib/auth/setup";
import { getDb } from "@/lib/server/database";
import { isDevLoginEnabled, isGithubOAuthConfigured } from "@/lib/runtime/config";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ callbackUrl?: string; error?: string; done?: string }> };

/** Only same-site paths: `//host` and `/\host` would leave the portal. */
function safeCallback(value: string | undefined): string {
  return value && /^\/(?![/\\])/.test(value) ? value : "/catalog";
}

// Lists nobody: a visitor learns which ways to sign in exist, never who has an account.
export default async function SignInPage({ searchParams }: Props) {
  const { callbackUrl, error, done } = await searchParams;
  const devLogin = isDevLoginEnabled();
  const setupPending = !devLogin && (await needsSetup(await getDb()));
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center p-6">
      <h1 className="mb-1 text-2xl font-semibold">Sign in to Portolan</h1>
      <p className="mb-6 text-sm text-slate-600 dark:text-slate-400">Every service, its owners and its environments.</p>
      <SignInForm
        devLogin={devLogin}
        github={isGithubOAuthConfigured()}
        setupPending={setupPending}
        callbackUrl={safeCallback(callbackUrl)}
        error={error}
        notice={done === "password" ? "Your password is set; sign in with it." : undefined}
      />
    </main>
  );
}
