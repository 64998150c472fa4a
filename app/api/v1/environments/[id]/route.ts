// GET /api/v1/environments/{id} — one environment: status, url, expiresAt, asleep, resourceHours, cost
// DELETE /api/v1/environments/{id} — destroy a self-service environment (owner or admin)
import { withApi } from "@/app/api/_lib/with-api";
import { selfServiceRoutes } from "@/lib/api/routes";
import { getEnvironmentView } from "@/lib/provisioning/queries";
import { requestDestroy } from "@/lib/provisioning/self-service-lifecycle";
import { enqueue } from "@/lib/server/start";

export const dynamic = "force-dynamic";

export const GET = withApi(selfServiceRoutes.getEnvironment, async ({ db, actor, params, reply }) =>
  reply(200, await getEnvironmentView(db, actor, params.id)),
);

export const DELETE = withApi(selfServiceRoutes.destroyEnvironment, async ({ db, actor, params, ip, reply }) =>
  reply(202, { id: params.id, status: await requestDestroy(db, actor, params.id, { enqueue, ip }) }),
);
