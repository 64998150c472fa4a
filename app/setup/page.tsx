import type { Metadata } from "next";
import Link from "next/link";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/passwords";
import { checkSetupLink } from "@/lib/auth/setup";
import { isAppError } from "@/lib/errors";
import { getDb } from "@/lib/server/database";
import { Alert } from "@/components/ui/alert";
import { AccountForm } from "./_components/account-form";
import { createFirstAdmin } from "./actions";

// The secret is in the URL: never send it onward in a Referer.
export const metadata: Metadata = { title: "Set up Portolan", referrer: "no-referrer", robots: { index: false } };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ token?: string | string[] }> };

/** GET /setup?token=… — the one-time link printed at start while no admin exists: create the first admin. */
export default async function SetupPage({ searchParams }: Props) {
  const { token } = await searchParams;
  const secret = typeof token === "string" ? token : "";
  let problem: string | null = null;
  try {
    await checkSetupLink(await getDb(), secret);
  } catch (error) {
    if (!isAppError(error)) throw error;
    problem = error.message;
  }
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center p-6">
      <h1 className="mb-1 text-2xl font-semibold">Create the first admin</h1>
      <p className="mb-6 text-sm text-slate-600 dark:text-slate-400">
        This link was printed when the server started and works once. The admin you create here invites everyone else.
      </p>
      {problem ? (
        <div className="space-y-3">
          <Alert tone="error">{problem}</Alert>
          <Link href="/signin" className="text-sm text-brand-600 underline">
            Go to sign-in
          </Link>
        </div>
      ) : (
        <AccountForm
          secret={secret}
          login={null}
          askName
          submitLabel="Create admin and sign in"
          minLength={PASSWORD_MIN_LENGTH}
          action={createFirstAdmin}
        />
      )}
    </main>
  );
}
