// POST /api/v1/runs/{id}/cancel — stop a run; what it started is rolled back
import { withApi } from "@/app/api/_lib/with-api";
import { selfServiceRoutes } from "@/lib/api/routes";
import { enqueue } from "@/lib/server/start";
import { cancelRun } from "@/lib/provisioning/run-commands";

export const dynamic = "force-dynamic";

export const POST = withApi(selfServiceRoutes.cancelRun, async ({ db, actor, params, ip, reply }) =>
  reply(202, { id: params.id, status: await cancelRun(db, actor, params.id, { enqueue, ip }) }),
);
