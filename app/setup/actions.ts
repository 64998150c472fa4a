"use server";

import { headers } from "next/headers";
import { actionError, invalidInput, type ActionState } from "@/app/_lib/action-state";
import { completeSetupSchema } from "@/lib/auth/schemas";
import { completeSetup } from "@/lib/auth/setup";
import { clientIp } from "@/lib/http/client-ip";
import { getDb } from "@/lib/runtime/database";

// Anyone may call this, so the one-time link is the whole authorisation: checked in completeSetup.
export async function createFirstAdmin(form: FormData): Promise<ActionState<{ login: string }>> {
  const parsed = completeSetupSchema.safeParse({
    secret: form.get("secret"),
    login: form.get("login"),
    name: form.get("name") || null,
    password: form.get("password"),
  });
  if (!parsed.success) return invalidInput(parsed.error.issues);
  try {
    const admin = await completeSetup(await getDb(), parsed.data, { ip: clientIp(await headers()) });
    return { status: "ok", message: `${admin.login} is the first admin.`, data: { login: admin.login } };
  } catch (error) {
    return actionError(error);
  }
}
