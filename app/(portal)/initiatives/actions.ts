"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/app/_lib/action";
import { invalidInput } from "@/app/_lib/action-state";
import { createInitiative, initiativeInput } from "@/lib/scorecards/initiatives";
import { applyingScorecards } from "@/lib/scorecards/catalog-scorecards";

// The form's flat fields; teams are comma-separated. The API's schema then checks the whole.
const form = z.object({
  name: z.string(),
  description: z.string().optional(),
  scorecard: z.string(),
  level: z.string(),
  owner: z.string(),
  deadline: z.string(),
  teams: z.string().optional(),
});

export const startInitiative = action("initiatives:start", form, async (fields, { db, actor, ip }) => {
  const { teams, description, ...rest } = fields;
  const owners = (teams ?? "")
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
  const parsed = initiativeInput.safeParse({
    ...rest,
    ...(description ? { description } : {}),
    services: owners.length ? { owners } : {},
  });
  if (!parsed.success) return invalidInput(parsed.error.issues);
  const created = await createInitiative(db, actor, parsed.data, await applyingScorecards(db), { ip });
  revalidatePath("/initiatives");
  return { status: "ok", message: `Started ${created.name}.`, data: { id: created.id } };
});
