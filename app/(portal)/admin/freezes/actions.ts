"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action, blanksUnset } from "@/app/_lib/action";
import { createFreeze, deleteFreeze, freezeBody } from "@/lib/release-actions/freezes";

/** The form's flat fields (a repeat's mode, days and times) as the API's body. */
const freezeForm = blanksUnset(
  z.preprocess((raw) => {
    const { mode, startDay, startTime, endDay, endTime, ...rest } = raw as Record<string, string | undefined>;
    const repeat =
      mode === "day"
        ? { every: mode, start: { time: startTime }, end: { time: endTime } }
        : mode === "week"
          ? { every: mode, start: { day: startDay, time: startTime }, end: { day: endDay, time: endTime } }
          : undefined;
    return { ...rest, repeat };
  }, freezeBody),
);

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
