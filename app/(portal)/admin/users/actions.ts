"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actionError, invalidInput, type ActionState } from "@/app/_lib/action-state";
import { requireActor } from "@/app/_lib/page-auth";
import { ROLES } from "@/db/schema";
import { setUserRole } from "@/lib/auth/users";
import { getDb } from "@/lib/runtime/database";

const schema = z.object({
  userId: z.uuid({ message: "unknown user" }),
  role: z.enum(ROLES, { message: `choose one of ${ROLES.join(", ")}` }),
});

export async function changeUserRole(_previous: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor("admin:users");
  const parsed = schema.safeParse({ userId: form.get("userId"), role: form.get("role") });
  if (!parsed.success) return invalidInput(parsed.error.issues);
  try {
    const user = await setUserRole(await getDb(), actor, parsed.data);
    revalidatePath("/admin/users");
    return { status: "ok", message: `${user.login} is now ${user.role}.` };
  } catch (error) {
    return actionError(error);
  }
}
