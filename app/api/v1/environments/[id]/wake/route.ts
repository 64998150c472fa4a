// POST /api/v1/environments/{id}/wake — start it again on the same data; 202 with status "waking"
import { withApi } from "@/app/api/_lib/with-api";
import { selfServiceRoutes } from "@/lib/api/routes";
import { requestWake } from "@/lib/provisioning/sleep-wake";
import { enqueue } from "@/lib/server/start";

export const dynamic = "force-dynamic";

export const POST = withApi(selfServiceRoutes.wakeEnvironment, async ({ db, actor, params, ip, reply }) =>
  reply(202, { id: params.id, status: await requestWake(db, actor, params.id, { enqueue, ip }) }),
);
