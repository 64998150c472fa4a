"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/app/_lib/action";
import { createFreeze, deleteFreeze, freezeForm } from "@/lib/release-actions/freezes";

export const addFreeze = action("admin:freezes", freezeForm, async (input, { db, actor, ip }) => {
  const freeze = await createFreeze(db, actor, input, { ip });
  revalidatePath("/admin/freezes");
  return {
    status: "ok",
    message: `Freeze set for ${freeze.environment === "*" ? "every environment" : freeze.environment}.`,
  };
});

export const removeFreeze = action("admin:freezes", z.object({ id: z.uuid() }), async ({ id }, { db, actor, ip }) => {
  await deleteFreeze(db, actor, id, { ip });
  revalidatePath("/admin/freezes");
  return { status: "ok", message: "Removed." };
});
