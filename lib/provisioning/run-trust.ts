// The check a run makes when it starts (first start, resume after a worker died, retry): a run of a
// catalog template goes ahead only while the version it was requested from is still the published
// one and the catalog template policy still allows everything it uses.
import { eq, sql } from "drizzle-orm";
import { queryRows, type DbOrTx } from "@/db/client";
import { freezeHolding } from "@/lib/freezes/holding";
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

/**
 * Why an action run on an environment may not start now: a freeze window (one-off, or an occurrence of
 * a repeating one) holding it, which began after it was requested (approved inside it, say), unless an
 * admin overrode a freeze for it. The same rule as at request time (lib/freezes/holding.ts).
 */
export async function runFreezeProblem(db: DbOrTx, runId: string): Promise<string | null> {
  const [row] = await queryRows<{ environment: string; service_ref: string }>(
    db,
    sql`select environment, service_ref from action_runs where run_id = ${runId} and override_reason is null`,
  );
  if (!row?.environment) return null;
  const freeze = await freezeHolding(db, { service: row.service_ref, environment: row.environment });
  if (!freeze) return null;
  return `${row.environment} is frozen until ${freeze.endsAt.toISOString()} (${freeze.reason}); request it again after the window, or an admin may with an override reason`;
}
