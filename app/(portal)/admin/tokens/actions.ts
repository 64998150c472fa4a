"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actionError, invalidInput, type ActionState } from "@/app/_lib/action-state";
import { requireActor } from "@/app/_lib/page-auth";
import { createTokenSchema, expiryFromDays } from "@/lib/auth/schemas";
import { createApiToken, revokeApiToken, type CreatedToken } from "@/lib/auth/tokens";
import { getDb } from "@/lib/runtime/database";

export async function createToken(_previous: ActionState<CreatedToken>, form: FormData): Promise<ActionState<CreatedToken>> {
  const actor = await requireActor("admin:tokens");
  const parsed = createTokenSchema.safeParse({
    name: form.get("name"),
    role: form.get("role"),
    scopes: form.getAll("scopes"),
    expiresInDays: form.get("expiresInDays"),
  });
  if (!parsed.success) return invalidInput(parsed.error.issues);
  const { expiresInDays, ...input } = parsed.data;
  try {
    const created = await createApiToken(await getDb(), actor, { ...input, expiresAt: expiryFromDays(expiresInDays) });
    revalidatePath("/admin/tokens");
    return { status: "ok", message: `Created ${created.name}.`, data: created };
  } catch (error) {
    return actionError(error);
  }
}

const revokeSchema = z.object({ id: z.uuid({ message: "unknown token" }) });

export async function revokeToken(_previous: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor("admin:tokens");
  const parsed = revokeSchema.safeParse({ id: form.get("id") });
  if (!parsed.success) return invalidInput(parsed.error.issues);
  try {
    await revokeApiToken(await getDb(), actor, parsed.data.id);
    revalidatePath("/admin/tokens");
    return { status: "ok", message: "Revoked." };
  } catch (error) {
    return actionError(error);
  }
}
