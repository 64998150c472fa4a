// POST /api/v1/environments/{id}/sleep — stop it, keep its data; 202 with status "sleeping" (a job does the work)
import { withApi } from "@/app/api/_lib/with-api";
import { selfServiceRoutes } from "@/lib/api/routes";
import { requestSleep } from "@/lib/provisioning/sleep-wake";
import { enqueue } from "@/lib/server/start";

export const dynamic = "force-dynamic";

export const POST = withApi(selfServiceRoutes.sleepEnvironment, async ({ db, actor, params, ip, reply }) =>
  reply(202, { id: params.id, status: await requestSleep(db, actor, params.id, { enqueue, ip }) }),
);
