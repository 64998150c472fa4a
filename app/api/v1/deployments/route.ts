// GET /api/v1/deployments — deployments from every source, newest first
// POST /api/v1/deployments — any CI reports a deployment (idempotent by the caller's `id`)
import { withApi } from "@/app/api/_lib/with-api";
import { deliveryRoutes } from "@/lib/api/routes";
import { listDeployments } from "@/lib/delivery/queries";
import { recordDeployment } from "@/lib/delivery/record-deployment";
import { requestScorecardRefresh } from "@/lib/scorecards/jobs";
import { enqueue } from "@/lib/server/start";

export const dynamic = "force-dynamic";

export const GET = withApi(deliveryRoutes.listDeployments, async ({ query, db }) =>
  Response.json(await listDeployments(db, query)),
);

export const POST = withApi(deliveryRoutes.recordDeployment, async ({ body, db, actor, ip }) => {
  const { deployment, created } = await recordDeployment(db, actor, body, { ip });
  await requestScorecardRefresh(enqueue, [deployment.service]);
  return Response.json(deployment, { status: created ? 201 : 200 });
});
