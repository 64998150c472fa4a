"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action, blanksUnset } from "@/app/_lib/action";
import {
  createMapping,
  deleteMapping,
  mappingInput,
  serviceLabelsInput,
  setServiceLabels,
} from "@/lib/incidents/service-mappings";

export const addMapping = action("incidents:manage", blanksUnset(mappingInput), async (input, { db, actor, ip }) => {
  const { mapping, reattached } = await createMapping(db, actor, input, { ip });
  revalidatePath("/admin/incidents");
  const moved = reattached === 1 ? "1 unmatched incident" : `${reattached} unmatched incidents`;
  return { status: "ok", message: `${mapping.labelName} → ${mapping.service}: ${moved} re-attached.` };
});

export const removeMapping = action(
  "incidents:manage",
  z.object({ id: z.uuid({ message: "unknown rule" }) }),
  async ({ id }, { db, actor, ip }) => {
    await deleteMapping(db, actor, id, { ip });
    revalidatePath("/admin/incidents");
    return { status: "ok", message: "Removed." };
  },
);

export const saveServiceLabels = action(
  "incidents:manage",
  z.preprocess(
    (v) => ({
      serviceLabels: String((v as { serviceLabels?: unknown })?.serviceLabels ?? "")
        .split(/[\s,]+/)
        .filter(Boolean),
    }),
    serviceLabelsInput,
  ),
  async (input, { db, actor, ip }) => {
    const { serviceLabels } = await setServiceLabels(db, actor, input, { ip });
    revalidatePath("/admin/incidents");
    return { status: "ok", message: `Service labels: ${serviceLabels.join(", ")}.` };
  },
);
