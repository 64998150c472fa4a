"use server";

import { publicAction } from "@/app/_lib/action";
import { acceptInvitation } from "@/lib/auth/invitations";
import { acceptPasswordReset } from "@/lib/auth/password-reset";
import { acceptInvitationSchema, acceptResetSchema } from "@/lib/auth/schemas";

// Anyone may call these: the one-time link is the whole authorisation, checked in lib/auth.
export const acceptInvitationAction = publicAction(acceptInvitationSchema, async (input, { db, ip }) => {
  const user = await acceptInvitation(db, input, { ip });
  return { status: "ok", message: "Welcome.", data: { login: user.login } };
});

export const acceptResetAction = publicAction(acceptResetSchema, async (input, { db, ip }) => {
  const user = await acceptPasswordReset(db, input, { ip });
  return { status: "ok", message: "Password set.", data: { login: user.login } };
});
