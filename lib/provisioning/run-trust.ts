// The check a run makes when it starts (first start, resume after a worker died, retry): a run of a
// catalog template goes ahead only while the version it was requested from is still the published
// one and the catalog template policy still allows everything it uses.
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { templatePublications } from "@/db/schema";
import type { TemplateDefinition } from "./template-schema";
import { policyProblems, type CatalogTemplatePolicy } from "./template-trust";

type RunTrustFields = { templateRef: string | null; templateHash: string | null; template: Record<string, unknown> };

/** Why this run may not start, or null. Directory templates (no ref) were trusted when requested. */
export async function runTrustProblem(
  db: DbOrTx,
  run: RunTrustFields,
  policy?: CatalogTemplatePolicy,
): Promise<string | null> {
  if (!run.templateRef) return null;
  const [published] = await db
    .select({ hash: templatePublications.hash })
    .from(templatePublications)
    .where(eq(templatePublications.ref, run.templateRef));
  if (!published)
    return `the catalog template ${run.templateRef} is not published any more (an admin withdrew it); ask an admin to publish it, then request the environment again`;
  if (published.hash !== run.templateHash)
    return `the catalog template ${run.templateRef} was published in another version since this run was requested; request the environment again`;
  const problems = policyProblems(run.template as unknown as TemplateDefinition, policy);
  if (problems.length)
    return `the catalog template policy no longer allows this template: ${problems.map((p) => p.message).join("; ")}`;
  return null;
}
