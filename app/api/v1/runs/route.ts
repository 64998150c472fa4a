// POST /api/v1/runs — request an environment from a template: 202 { id }, 422 fields, 403, 409 quota
import { withApi } from "@/app/api/_lib/with-api";
import { selfServiceRoutes } from "@/lib/api/routes";
import { enqueue } from "@/lib/server/start";
import { createRun } from "@/lib/provisioning/create-run";

export const dynamic = "force-dynamic";

export const POST = withApi(selfServiceRoutes.createRun, async ({ body, db, actor, ip, reply }) => {
  const run = await createRun(db, actor, body, { enqueue, ip });
  return reply(
    202,
    { id: run.id, status: run.status, environmentId: run.environmentId },
    { location: `/api/v1/runs/${run.id}` },
  );
});
