"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actionError, invalidInput, type ActionState } from "@/app/_lib/action-state";
import { requireActor } from "@/app/_lib/page-auth";
import { publishTemplate, withdrawTemplate } from "@/lib/provisioning/publish-template";
import { publishTemplateBody, templateNameParam } from "@/lib/provisioning/schemas";
import { getDb } from "@/lib/runtime/database";

const publishSchema = publishTemplateBody.extend({ name: templateNameParam, hash: z.string().regex(/^[0-9a-f]{64}$/, "the version you reviewed") });

async function clientIp(): Promise<string | null> {
  return (await headers()).get("x-forwarded-for")?.split(",")[0]?.trim() ?? null;
}

/** Publishes exactly the version the admin was shown (its hash travels with the form). */
export async function publishAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor("admin:templates");
  const parsed = publishSchema.safeParse({ name: form.get("name"), hash: form.get("hash") });
  if (!parsed.success) return invalidInput(parsed.error.issues);
  try {
    const published = await publishTemplate(await getDb(), actor, parsed.data.name, { hash: parsed.data.hash }, { ip: await clientIp() });
    revalidatePath("/admin/templates");
    return { status: "ok", message: `Published ${published.ref} (${published.hash.slice(0, 12)}).` };
  } catch (error) {
    return actionError(error);
  }
}

export async function withdrawAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor("admin:templates");
  const parsed = z.object({ name: templateNameParam }).safeParse({ name: form.get("name") });
  if (!parsed.success) return invalidInput(parsed.error.issues);
  try {
    const withdrawn = await withdrawTemplate(await getDb(), actor, parsed.data.name, { ip: await clientIp() });
    revalidatePath("/admin/templates");
    return { status: "ok", message: `Withdrew ${withdrawn.ref}.` };
  } catch (error) {
    return actionError(error);
  }
}
