"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actionError, invalidInput, type ActionState } from "@/app/_lib/action-state";
import { requireActor } from "@/app/_lib/page-auth";
import { ROLES } from "@/db/schema";
import { setUserDisabled } from "@/lib/auth/disable-user";
import { inviteUser, withdrawInvitation } from "@/lib/auth/invitations";
import { createPasswordReset } from "@/lib/auth/password-reset";
import { invitationIdSchema, inviteUserSchema, setUserDisabledSchema, userIdSchema } from "@/lib/auth/schemas";
import { signOutEverywhere } from "@/lib/auth/sessions";
import { setUserRole } from "@/lib/auth/users";
import { clientIp } from "@/lib/http/client-ip";
import { getDb } from "@/lib/runtime/database";
import { publicUrl } from "@/lib/runtime/config";

export type LinkResult = { url: string; login: string; expiresAt: string };

const roleSchema = z.object({
  userId: z.uuid({ message: "unknown user" }),
  role: z.enum(ROLES, { message: `choose one of ${ROLES.join(", ")}` }),
});

async function context() {
  return { ip: clientIp(await headers()) };
}

export async function changeUserRole(_previous: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor("admin:users");
  const parsed = roleSchema.safeParse({ userId: form.get("userId"), role: form.get("role") });
  if (!parsed.success) return invalidInput(parsed.error.issues);
  try {
    const user = await setUserRole(await getDb(), actor, parsed.data);
    revalidatePath("/admin/users");
    return { status: "ok", message: `${user.login} is now ${user.role}.` };
  } catch (error) {
    return actionError(error);
  }
}

/** The invitation link is shown to the admin once (only its hash is kept) to hand to the person. */
export async function inviteUserAction(_previous: ActionState<LinkResult>, form: FormData): Promise<ActionState<LinkResult>> {
  const actor = await requireActor("admin:users");
  const parsed = inviteUserSchema.safeParse({ login: form.get("login"), role: form.get("role") });
  if (!parsed.success) return invalidInput(parsed.error.issues);
  try {
    const invitation = await inviteUser(await getDb(), actor, parsed.data, await context());
    revalidatePath("/admin/users");
    const url = `${publicUrl()}/set-password?invitation=${encodeURIComponent(invitation.secret)}`;
    return { status: "ok", message: `Invited ${invitation.login} as ${invitation.role}.`, data: { url, login: invitation.login, expiresAt: invitation.expiresAt.toISOString() } };
  } catch (error) {
    return actionError(error);
  }
}

export async function withdrawInvitationAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor("admin:users");
  const parsed = invitationIdSchema.safeParse({ id: form.get("id") });
  if (!parsed.success) return invalidInput(parsed.error.issues);
  try {
    await withdrawInvitation(await getDb(), actor, parsed.data.id, await context());
    revalidatePath("/admin/users");
    return { status: "ok", message: "Withdrawn." };
  } catch (error) {
    return actionError(error);
  }
}

export async function resetPasswordAction(_previous: ActionState<LinkResult>, form: FormData): Promise<ActionState<LinkResult>> {
  const actor = await requireActor("admin:users");
  const parsed = userIdSchema.safeParse({ userId: form.get("userId") });
  if (!parsed.success) return invalidInput(parsed.error.issues);
  try {
    const reset = await createPasswordReset(await getDb(), actor, parsed.data.userId, await context());
    const url = `${publicUrl()}/set-password?reset=${encodeURIComponent(reset.secret)}`;
    return { status: "ok", message: `Reset link for ${reset.login}.`, data: { url, login: reset.login, expiresAt: reset.expiresAt.toISOString() } };
  } catch (error) {
    return actionError(error);
  }
}

export async function signOutEverywhereAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor("admin:users");
  const parsed = userIdSchema.safeParse({ userId: form.get("userId") });
  if (!parsed.success) return invalidInput(parsed.error.issues);
  try {
    const revoked = await signOutEverywhere(await getDb(), actor, parsed.data.userId, await context());
    revalidatePath("/admin/users");
    return { status: "ok", message: `Ended ${revoked} session${revoked === 1 ? "" : "s"}.` };
  } catch (error) {
    return actionError(error);
  }
}

export async function setDisabledAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor("admin:users");
  const parsed = setUserDisabledSchema.safeParse({ userId: form.get("userId"), disabled: form.get("disabled") });
  if (!parsed.success) return invalidInput(parsed.error.issues);
  try {
    const user = await setUserDisabled(await getDb(), actor, parsed.data, await context());
    revalidatePath("/admin/users");
    return { status: "ok", message: user.disabledAt ? `${user.login} is disabled.` : `${user.login} is enabled.` };
  } catch (error) {
    return actionError(error);
  }
}
