"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/app/_lib/action";
import { createTokenSchema, expiryFromDays } from "@/lib/auth/schemas";
import { createApiToken, revokeApiToken, type CreatedToken } from "@/lib/auth/tokens";

export const createToken = action(
  "admin:tokens",
  createTokenSchema,
  async ({ expiresInDays, ...input }, { db, actor }) => {
    const created: CreatedToken = await createApiToken(db, actor, {
      ...input,
      expiresAt: expiryFromDays(expiresInDays),
    });
    revalidatePath("/admin/tokens");
    return { status: "ok", message: `Created ${created.name}.`, data: created };
  },
);

export const revokeToken = action(
  "admin:tokens",
  z.object({ id: z.uuid({ message: "unknown token" }) }),
  async ({ id }, { db, actor }) => {
    await revokeApiToken(db, actor, id);
    revalidatePath("/admin/tokens");
    return { status: "ok", message: "Revoked." };
  },
);
