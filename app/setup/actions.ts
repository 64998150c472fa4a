"use server";

import { publicAction } from "@/app/_lib/action";
import { completeSetupSchema } from "@/lib/auth/schemas";
import { completeSetup } from "@/lib/auth/setup";

// Anyone may call this, so the one-time link is the whole authorisation: checked in completeSetup.
export const createFirstAdmin = publicAction(completeSetupSchema, async (input, { db, ip }) => {
  const admin = await completeSetup(db, input, { ip });
  return { status: "ok", message: `${admin.login} is the first admin.`, data: { login: admin.login } };
});
