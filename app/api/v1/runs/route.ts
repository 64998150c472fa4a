// POST /api/v1/runs — request an environment from a template, or run an action on `entity` (promote,
// rollback, redeploy, restart, an action template): 202 { id }, 422 fields, 403, 409 quota / freeze /
// lock / unhealthy source
import { withApi } from "@/app/api/_lib/with-api";
import { selfServiceRoutes } from "@/lib/api/routes";
import { enqueue } from "@/lib/server/start";
import { requestRun } from "@/lib/release-actions/request-run";

export const dynamic = "force-dynamic";

export const POST = withApi(selfServiceRoutes.createRun, async ({ body, db, actor, ip, reply }) => {
  const run = await requestRun(db, actor, body, { enqueue, ip });
  return reply(202, run, { location: `/api/v1/runs/${run.id}` });
});
