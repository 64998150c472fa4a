"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/app/_lib/action";
import { retryDelivery } from "@/lib/notifications/failed-deliveries";
import { authSecret, publicUrl } from "@/lib/runtime/config";

export const retryNow = action(
  "admin:notifications",
  z.object({ id: z.coerce.number().int().positive() }),
  async ({ id }, { db, actor, ip }) => {
    const after = await retryDelivery(db, actor, id, { secret: authSecret(), portalUrl: publicUrl(), ip });
    revalidatePath("/admin/notifications");
    return after.status === "delivered"
      ? { status: "ok", message: "Delivered." }
      : { status: "error", message: `Still failing: ${after.lastError ?? "unknown error"}.` };
  },
);
