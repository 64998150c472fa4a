import type { Metadata } from "next";
import Link from "next/link";
import { describeInvitation } from "@/lib/auth/invitations";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/passwords";
import { describePasswordReset } from "@/lib/auth/password-reset";
import { isAppError } from "@/lib/errors";
import { getDb } from "@/lib/server/database";
import { Alert } from "@/components/ui/alert";
import { AccountForm } from "../setup/_components/account-form";
import { acceptInvitationAction, acceptResetAction } from "./actions";

// The secret is in the URL: never send it onward in a Referer.
export const metadata: Metadata = { title: "Set your password", referrer: "no-referrer", robots: { index: false } };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ invitation?: string | string[]; reset?: string | string[] }> };

const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");

/** GET /set-password?invitation=… or ?reset=… — an admin's one-time link: choose a password. */
export default async function SetPasswordPage({ searchParams }: Props) {
  const params = await searchParams;
  const isReset = params.reset !== undefined;
  const secret = isReset ? one(params.reset) : one(params.invitation);
  const db = await getDb();
  let heading = isReset ? "Choose a new password" : "Accept your invitation";
  let intro = "";
  let login = "";
  let problem: string | null = null;
  try {
    if (isReset) {
      login = (await describePasswordReset(db, secret)).login;
      intro = "An admin reset your password. Choose a new one; you are signed out everywhere else.";
    } else {
      const invitation = await describeInvitation(db, secret);
      login = invitation.login;
      intro = `You are invited to Portolan as a ${invitation.role}. Choose a password to finish.`;
    }
  } catch (error) {
    if (!isAppError(error)) throw error;
    problem = error.message;
    heading = "This link cannot be used";
  }
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center p-6">
      <h1 className="mb-1 text-2xl font-semibold">{heading}</h1>
      {intro && <p className="mb-6 text-sm text-slate-600 dark:text-slate-400">{intro}</p>}
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
          login={login}
          askName={!isReset}
          submitLabel={isReset ? "Set password and sign in" : "Create account and sign in"}
          minLength={PASSWORD_MIN_LENGTH}
          action={isReset ? acceptResetAction : acceptInvitationAction}
        />
      )}
    </main>
  );
}
