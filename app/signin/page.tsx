import type { Metadata } from "next";
import { listUsers } from "@/lib/auth/users";
import { getDb } from "@/lib/runtime/database";
import { isDevLoginEnabled, isGithubOAuthConfigured } from "@/lib/runtime/config";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ callbackUrl?: string; error?: string }> };

export default async function SignInPage({ searchParams }: Props) {
  const { callbackUrl, error } = await searchParams;
  const devLogin = isDevLoginEnabled();
  const people = devLogin ? (await listUsers(await getDb())).map((u) => ({ login: u.login, name: u.name, role: u.role })) : [];
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center p-6">
      <h1 className="mb-1 text-2xl font-semibold">Sign in to Portolan</h1>
      <p className="mb-6 text-sm text-slate-600 dark:text-slate-400">Every service, its owners and its environments.</p>
      <SignInForm
        people={people}
        devLogin={devLogin}
        github={isGithubOAuthConfigured()}
        callbackUrl={callbackUrl?.startsWith("/") ? callbackUrl : "/catalog"}
        error={error}
      />
    </main>
  );
}
