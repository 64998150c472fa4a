"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/app/_lib/action";
import { readGithubConfig } from "@/lib/github/config";
import { requestGithubSync } from "@/lib/github/request-sync";
import { enqueue } from "@/lib/server/start";

export const syncNow = action("admin:github", z.object({}), async (_input, { actor, db }) => {
  await requestGithubSync(db, actor, readGithubConfig(), enqueue);
  revalidatePath("/admin/github");
  return { status: "ok", message: "Sync queued." };
});
