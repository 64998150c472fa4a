"use server";

import { action } from "@/app/_lib/action";
import { enqueue } from "@/lib/worker/start";
import { requestComparison } from "@/lib/delivery/compare-releases";
import { canFetchComparisons } from "@/lib/delivery/jobs";
import { repoOfService } from "@/lib/delivery/releases";
import { compareInput } from "@/lib/delivery/schemas";
import { normaliseServiceRef } from "@/lib/delivery/service-ref";

/** Asks the worker to fetch the commits between two releases; the page polls the stored result. */
export const requestCompareAction = action("catalog:read", compareInput, async ({ service, base, head }, { db }) => {
  const repo = await repoOfService(db, normaliseServiceRef(service));
  if (!repo) return { status: "error", message: "This service has no GitHub repository (github.com/project-slug)." };
  const row = await requestComparison(db, canFetchComparisons() ? enqueue : null, repo, base, head);
  if (row.status === "failed") return { status: "error", message: row.error ?? "The comparison failed." };
  return { status: "ok", message: row.status, data: { pending: row.status === "pending" } };
});
