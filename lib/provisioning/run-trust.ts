// The check a run makes when it starts (first start, resume after a worker died, retry): a run of a
// catalog template goes ahead only while the version it was requested from is still the published
// one and the catalog template policy still allows everything it uses.
import { eq, sql } from "drizzle-orm";
import { queryRows, type DbOrTx } from "@/db/client";
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
 * Why an action run on an environment may not start now: a freeze window that began after it was
 * requested (approved inside it, say), unless an admin overrode a freeze for it. The same rule as
 * lib/release-actions/rules.ts activeFreeze, asked in SQL because provisioning sits below it.
 */
export async function runFreezeProblem(db: DbOrTx, runId: string): Promise<string | null> {
  const [row] = await queryRows<{ environment: string; reason: string; ends_at: string | Date }>(
    db,
    sql`select a.environment, f.reason, f.ends_at from action_runs a
        join freeze_windows f on (f.environment = '*' or lower(f.environment) = lower(a.environment))
          and (f.service_ref is null or f.service_ref = a.service_ref)
        where a.run_id = ${runId} and a.override_reason is null
          and f.starts_at <= now() and f.ends_at > now()
        order by f.ends_at desc limit 1`,
  );
  if (!row) return null;
  return `${row.environment} is frozen until ${new Date(row.ends_at).toISOString()} (${row.reason}); request it again after the window, or an admin may with an override reason`;
}
