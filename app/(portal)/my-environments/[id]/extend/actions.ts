"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/app/_lib/action";
import { extendEnvironment } from "@/lib/provisioning/self-service-lifecycle";

export const extendNow = action("catalog:read", z.object({ id: z.uuid() }), async ({ id }, { db, actor, ip }) => {
  const env = await extendEnvironment(db, actor, id, {}, { ip });
  revalidatePath("/my-environments");
  return { status: "ok", message: `Extended: ${env.name} now lives until ${env.expiresAt.toISOString()}.` };
});
