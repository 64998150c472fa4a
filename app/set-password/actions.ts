"use server";

import { headers } from "next/headers";
import { actionError, invalidInput, type ActionState } from "@/app/_lib/action-state";
import { acceptInvitation } from "@/lib/auth/invitations";
import { acceptPasswordReset } from "@/lib/auth/password-reset";
import { acceptInvitationSchema, acceptResetSchema } from "@/lib/auth/schemas";
import { clientIp } from "@/lib/http/client-ip";
import { getDb } from "@/lib/runtime/database";

// Anyone may call these: the one-time link is the whole authorisation, checked in lib/auth.
export async function acceptInvitationAction(form: FormData): Promise<ActionState<{ login: string }>> {
  const parsed = acceptInvitationSchema.safeParse({ secret: form.get("secret"), name: form.get("name") || null, password: form.get("password") });
  if (!parsed.success) return invalidInput(parsed.error.issues);
  try {
    const user = await acceptInvitation(await getDb(), parsed.data, { ip: clientIp(await headers()) });
    return { status: "ok", message: "Welcome.", data: { login: user.login } };
  } catch (error) {
    return actionError(error);
  }
}

export async function acceptResetAction(form: FormData): Promise<ActionState<{ login: string }>> {
  const parsed = acceptResetSchema.safeParse({ secret: form.get("secret"), password: form.get("password") });
  if (!parsed.success) return invalidInput(parsed.error.issues);
  try {
    const user = await acceptPasswordReset(await getDb(), parsed.data, { ip: clientIp(await headers()) });
    return { status: "ok", message: "Password set.", data: { login: user.login } };
  } catch (error) {
    return actionError(error);
  }
}
