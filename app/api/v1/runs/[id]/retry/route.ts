// POST /api/v1/runs/{id}/retry — run a failed run again from its failed step
import { withApi } from "@/app/api/_lib/with-api";
import { selfServiceRoutes } from "@/lib/api/routes";
import { enqueue } from "@/lib/server/start";
import { retryRun } from "@/lib/provisioning/run-commands";

export const dynamic = "force-dynamic";

export const POST = withApi(selfServiceRoutes.retryRun, async ({ db, actor, params, ip, reply }) => {
  await retryRun(db, actor, params.id, { enqueue, ip });
  return reply(202, { id: params.id, status: "queued" });
});
