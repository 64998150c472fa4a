// "A production deployment failed" for GitHub Deployments. The sync and the webhooks store a
// deployment's statuses; the trigger of migration 0007 projects it into `deployments` in the same
// transaction; then this hands the projected row to the one notifier (lib/notifications/
// deployment-failed.ts), which tells the owning team once per deployment (its dedupe key).
// Only news is told: the failing status must be younger than FRESH_FAILURE_MS by GitHub's clock.
// The first sync of an organisation reads up to 100 past deployments per repository; their
// failures are history, not news (nor is a failure the portal missed while it was down longer).
import { sql } from "drizzle-orm";
import { queryRows, type DbOrTx } from "@/db/client";
import type { Enqueue } from "@/lib/jobs/define-job";
import { notifyDeploymentFailed } from "@/lib/notifications/deployment-failed";

export const FRESH_FAILURE_MS = 60 * 60_000;
const FAILED = new Set(["failure", "error"]);

/** Cheap pre-check on what GitHub sent: a failing status within the window. */
export function hasFreshFailure(statuses: { state: string; created_at: string }[], now = Date.now()): boolean {
  return statuses.some((s) => FAILED.has(s.state) && now - Date.parse(s.created_at) <= FRESH_FAILURE_MS);
}

type Row = {
  id: number | string;
  service_ref: string | null;
  environment: string;
  version: string | null;
  status: string;
  failed_at: string | Date | null;
};

/** After a deployment's statuses were stored (in the caller's transaction): tell the owning team if it just failed. */
export async function notifyGithubDeploymentFailure(
  db: DbOrTx,
  githubDeploymentId: number,
  deps: { enqueue?: Enqueue | null; now?: Date } = {},
): Promise<void> {
  const [row] = await queryRows<Row>(
    db,
    sql`select d.id, d.service_ref, d.environment, coalesce(d.version, d.ref, d.sha) as version, d.status,
          (select s.created_at from github_deployment_statuses s where s.deployment_id = ${githubDeploymentId}
            order by s.created_at desc, s.id desc limit 1) as failed_at
        from deployments d where d.source = 'github' and d.external_id = ${String(githubDeploymentId)}`,
  );
  if (!row?.service_ref || !FAILED.has(row.status) || !row.failed_at) return;
  const now = (deps.now ?? new Date()).getTime();
  if (now - new Date(row.failed_at).getTime() > FRESH_FAILURE_MS) return;
  await notifyDeploymentFailed(
    db,
    {
      id: Number(row.id),
      service: row.service_ref,
      environment: row.environment,
      version: row.version,
      status: row.status,
    },
    deps.enqueue,
  );
}
