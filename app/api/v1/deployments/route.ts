// GET /api/v1/deployments — deployments from every source, newest first
// POST /api/v1/deployments — any CI reports a deployment (idempotent by the caller's `id`)
import { withApi } from "@/app/api/_lib/with-api";
import { deliveryRoutes } from "@/lib/api/routes";
import { listDeployments } from "@/lib/delivery/queries";
import { recordDeploymentAndFollow } from "@/lib/server/record-deployment";

export const dynamic = "force-dynamic";

export const GET = withApi(deliveryRoutes.listDeployments, async ({ query, db, reply }) =>
  reply(200, await listDeployments(db, query)),
);

export const POST = withApi(deliveryRoutes.recordDeployment, async ({ body, db, actor, ip, reply }) => {
  const { deployment, created } = await recordDeploymentAndFollow(db, actor, body, { ip });
  return created ? reply(201, deployment) : reply(200, deployment);
});
