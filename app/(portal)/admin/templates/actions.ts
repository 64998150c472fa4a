"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/app/_lib/action";
import { publishTemplate, withdrawTemplate } from "@/lib/provisioning/publish-template";
import { publishTemplateBody, templateNameParam } from "@/lib/provisioning/schemas";

const publishSchema = publishTemplateBody.extend({
  name: templateNameParam,
  hash: z.string().regex(/^[0-9a-f]{64}$/, "the version you reviewed"),
});

/** Publishes exactly the version the admin was shown (its hash travels with the form). */
export const publishAction = action("admin:templates", publishSchema, async ({ name, hash }, { db, actor, ip }) => {
  const published = await publishTemplate(db, actor, name, { hash }, { ip });
  revalidatePath("/admin/templates");
  return { status: "ok", message: `Published ${published.ref} (${published.hash.slice(0, 12)}).` };
});

export const withdrawAction = action(
  "admin:templates",
  z.object({ name: templateNameParam }),
  async ({ name }, { db, actor, ip }) => {
    const withdrawn = await withdrawTemplate(db, actor, name, { ip });
    revalidatePath("/admin/templates");
    return { status: "ok", message: `Withdrew ${withdrawn.ref}.` };
  },
);
