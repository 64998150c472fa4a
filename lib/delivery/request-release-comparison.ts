import type { DbOrTx } from "@/db/client";
import type { Enqueue } from "@/lib/jobs/define-job";
import { requestComparison } from "./compare-releases";
import { requireService } from "@/lib/catalog/service-ref";

export type ComparisonState = { status: "pending" | "ready" | "failed"; error: string | null };

/**
 * The state of "what changed between base and head" for a service: ready, failed with the reason,
 * or pending — in which case the fetch has been queued (once; asking again while pending is free).
 * `enqueue` is null where GitHub is not configured.
 */
export async function requestReleaseComparison(
  db: DbOrTx,
  input: { service: string; base: string; head: string },
  enqueue: Enqueue | null,
): Promise<ComparisonState> {
  const { repository } = await requireService(db, input.service);
  if (!repository)
    return {
      status: "failed",
      error:
        "This service names no GitHub repository (annotation github.com/project-slug) and was not registered from one.",
    };
  const row = await requestComparison(db, enqueue, repository, input.base, input.head);
  return { status: row.status as ComparisonState["status"], error: row.error };
}
