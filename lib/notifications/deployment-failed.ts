// "A production deployment failed", to the team that owns the service (the catalog's owner of
// record), for deployments reported over the API and GitHub Deployments the sync or a webhook stores
// (lib/github/deployment-failures.ts: only failures from the last hour, never the first backfill's
// history); release actions tell it when their run fails (lib/provisioning/run-notices.ts). Once per
// deployment, however often its failure is reported.
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { entities } from "@/db/schema";
import type { Enqueue } from "@/lib/jobs/define-job";
import { notify } from "./notify";

const PRODUCTION = /^(prod|production)$/i;
const FAILED = new Set(["failure", "error"]);

export async function notifyDeploymentFailed(
  db: DbOrTx,
  deployment: { id: number; service: string; environment: string; version: string | null; status: string },
  enqueue?: Enqueue | null,
): Promise<void> {
  if (!FAILED.has(deployment.status) || !PRODUCTION.test(deployment.environment)) return;
  const [entity] = await db
    .select({ owner: entities.ownerRef })
    .from(entities)
    .where(eq(entities.ref, deployment.service));
  if (!entity?.owner) return;
  const [kind, rest] = deployment.service.split(":");
  await notify(
    db,
    {
      event: "deployment.failed",
      recipients: [entity.owner],
      title: `Production deployment of ${rest?.split("/")[1] ?? deployment.service} failed`,
      body: `${deployment.version ?? "A deployment"} to ${deployment.environment}: ${deployment.status}.`,
      link: `/catalog/${kind}/${rest ?? ""}`,
      dedupeKey: `deployment-failed:${deployment.id}`,
    },
    { enqueue },
  );
}
