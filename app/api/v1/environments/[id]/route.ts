// DELETE /api/v1/environments/{id} — destroy a self-service environment (owner or admin)
import { withApi } from "@/app/api/_lib/with-api";
import { selfServiceRoutes } from "@/lib/api/routes";
import { requestDestroy } from "@/lib/provisioning/self-service-lifecycle";
import { enqueue } from "@/lib/server/start";

export const dynamic = "force-dynamic";

export const DELETE = withApi(selfServiceRoutes.destroyEnvironment, async ({ db, actor, params, ip, reply }) =>
  reply(202, { id: params.id, status: await requestDestroy(db, actor, params.id, { enqueue, ip }) }),
);
