"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/app/_lib/action";
import { ROLES } from "@/db/schema";
import { setUserDisabled } from "@/lib/auth/disable-user";
import { inviteUser, withdrawInvitation } from "@/lib/auth/invitations";
import { createPasswordReset } from "@/lib/auth/password-reset";
import { invitationIdSchema, inviteUserSchema, setUserDisabledSchema, userIdSchema } from "@/lib/auth/schemas";
import { signOutEverywhere } from "@/lib/auth/sessions";
import { setUserRole } from "@/lib/auth/users";
import { publicUrl } from "@/lib/runtime/config";

export type LinkResult = { url: string; login: string; expiresAt: string };

const roleSchema = z.object({
  userId: z.uuid({ message: "unknown user" }),
  role: z.enum(ROLES, { message: `choose one of ${ROLES.join(", ")}` }),
});

export const changeUserRole = action("admin:users", roleSchema, async (input, { db, actor }) => {
  const user = await setUserRole(db, actor, input);
  revalidatePath("/admin/users");
  return { status: "ok", message: `${user.login} is now ${user.role}.` };
});

/** The invitation link is shown to the admin once (only its hash is kept) to hand to the person. */
export const inviteUserAction = action("admin:users", inviteUserSchema, async (input, { db, actor, ip }) => {
  const invitation = await inviteUser(db, actor, input, { ip });
  revalidatePath("/admin/users");
  const url = `${publicUrl()}/set-password?invitation=${encodeURIComponent(invitation.secret)}`;
  const data: LinkResult = { url, login: invitation.login, expiresAt: invitation.expiresAt.toISOString() };
  return { status: "ok", message: `Invited ${invitation.login} as ${invitation.role}.`, data };
});

export const withdrawInvitationAction = action("admin:users", invitationIdSchema, async ({ id }, { db, actor, ip }) => {
  await withdrawInvitation(db, actor, id, { ip });
  revalidatePath("/admin/users");
  return { status: "ok", message: "Withdrawn." };
});

export const resetPasswordAction = action("admin:users", userIdSchema, async ({ userId }, { db, actor, ip }) => {
  const reset = await createPasswordReset(db, actor, userId, { ip });
  const url = `${publicUrl()}/set-password?reset=${encodeURIComponent(reset.secret)}`;
  const data: LinkResult = { url, login: reset.login, expiresAt: reset.expiresAt.toISOString() };
  return { status: "ok", message: `Reset link for ${reset.login}.`, data };
});

export const signOutEverywhereAction = action("admin:users", userIdSchema, async ({ userId }, { db, actor, ip }) => {
  const revoked = await signOutEverywhere(db, actor, userId, { ip });
  revalidatePath("/admin/users");
  return { status: "ok", message: `Ended ${revoked} session${revoked === 1 ? "" : "s"}.` };
});

export const setDisabledAction = action("admin:users", setUserDisabledSchema, async (input, { db, actor, ip }) => {
  const user = await setUserDisabled(db, actor, input, { ip });
  revalidatePath("/admin/users");
  return { status: "ok", message: user.disabledAt ? `${user.login} is disabled.` : `${user.login} is enabled.` };
});
