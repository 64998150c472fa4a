"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/app/_lib/action";
import { priceInput, setPrice } from "@/lib/provisioning/usage";

export const savePrice = action("admin:templates", priceInput, async (input, { db, actor, ip }) => {
  await setPrice(db, actor, input, ip);
  revalidatePath("/admin/system");
  return {
    status: "ok",
    message:
      input.pricePerHour === null
        ? `Removed the price for ${input.scope === "*" ? "every template" : input.scope}.`
        : `${input.scope === "*" ? "Every template" : input.scope}: ${input.pricePerHour} ${input.currency} per resource-hour.`,
  };
});
