"use server";

import { revalidatePath } from "next/cache";
import { actionError, type ActionState } from "@/app/_lib/action-state";
import { requireActor } from "@/app/_lib/page-auth";
import { readGithubConfig } from "@/lib/github/config";
import { requestGithubSync } from "@/lib/github/request-sync";
import { enqueue } from "@/lib/jobs/start";
import { getDb } from "@/lib/runtime/database";

export async function syncNow(_previous: ActionState): Promise<ActionState> {
  const actor = await requireActor("admin:github");
  try {
    await requestGithubSync(await getDb(), actor, readGithubConfig(), enqueue);
    revalidatePath("/admin/github");
    return { status: "ok", message: "Sync queued." };
  } catch (error) {
    return actionError(error);
  }
}
