// GET /api/v1/deployments — deployments from every source, newest first
// POST /api/v1/deployments — any CI reports a deployment (idempotent by the caller's `id`)
import { withApi } from "@/app/api/_lib/with-api";
import { deliveryRoutes } from "@/lib/api/routes";
import { listDeployments } from "@/lib/delivery/queries";
import { recordDeployment } from "@/lib/delivery/record-deployment";
import { requestEnvironmentProbe } from "@/lib/health/jobs";
import { requestScorecardRefresh } from "@/lib/scorecards/jobs";
import { enqueue } from "@/lib/server/start";

export const dynamic = "force-dynamic";

export const GET = withApi(deliveryRoutes.listDeployments, async ({ query, db, reply }) =>
  reply(200, await listDeployments(db, query)),
);

export const POST = withApi(deliveryRoutes.recordDeployment, async ({ body, db, actor, ip, reply }) => {
  const { deployment, created } = await recordDeployment(db, actor, body, { ip });
  // The environment's health should follow the deployment within seconds, not at the next round.
  // The deployment is recorded either way: a queue that is down costs freshness, not the answer.
  await requestEnvironmentProbe(enqueue, { serviceRef: deployment.service, environment: deployment.environment }).catch(
    (error: unknown) =>
      console.warn(
        `[portolan] no immediate probe after a deployment: ${error instanceof Error ? error.message : error}`,
      ),
  );
  await requestScorecardRefresh(enqueue, [deployment.service]);
  return created ? reply(201, deployment) : reply(200, deployment);
});
