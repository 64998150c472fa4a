// POST /api/v1/runs — request an environment from a template, or run a release action (promote,
// rollback, redeploy on `entity`): 202 { id }, 422 fields, 403, 409 quota / freeze / lock / unhealthy source
import { withApi } from "@/app/api/_lib/with-api";
import { selfServiceRoutes } from "@/lib/api/routes";
import { enqueue } from "@/lib/server/start";
import { createRun } from "@/lib/provisioning/create-run";
import { isBuiltInAction } from "@/lib/release-actions/built-in";
import { createActionRun } from "@/lib/release-actions/create-action-run";

export const dynamic = "force-dynamic";

export const POST = withApi(selfServiceRoutes.createRun, async ({ body, db, actor, ip, reply }) => {
  if (isBuiltInAction(body.template)) {
    const run = await createActionRun(db, actor, { ...body, template: body.template }, { enqueue, ip });
    return reply(202, run, { location: `/api/v1/runs/${run.id}` });
  }
  const run = await createRun(db, actor, body, { enqueue, ip });
  return reply(
    202,
    { id: run.id, status: run.status, environmentId: run.environmentId },
    { location: `/api/v1/runs/${run.id}` },
  );
});
