"use server";
import { requireActor } from "@/app/_lib/page-auth";
import { getDb } from "@/lib/runtime/database";
import { enqueue } from "@/lib/jobs/start";
import { requestComparison } from "@/lib/delivery/compare-releases";
import { canFetchComparisons } from "@/lib/delivery/jobs";
import { repoOfService } from "@/lib/delivery/releases";
import { compareInput } from "@/lib/delivery/schemas";
import { normaliseServiceRef } from "@/lib/delivery/service-ref";

/** Asks the worker to fetch the commits between two releases; the page polls the stored result. */
export async function requestCompareAction(input: { service: string; base: string; head: string }): Promise<{ status: string; error: string | null }> {
  await requireActor();
  const { service, base, head } = compareInput.parse(input);
  const db = await getDb();
  const repo = await repoOfService(db, normaliseServiceRef(service));
  if (!repo) return { status: "failed", error: "This service has no GitHub repository (github.com/project-slug)." };
  const row = await requestComparison(db, canFetchComparisons() ? enqueue : null, repo, base, head);
  return { status: row.status, error: row.error };
}
