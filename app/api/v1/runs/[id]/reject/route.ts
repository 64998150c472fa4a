// POST /api/v1/runs/{id}/reject — { comment? }; the template's approvers
import { withApi } from "@/app/api/_lib/with-api";
import { selfServiceRoutes } from "@/lib/api/routes";
import { enqueue } from "@/lib/server/start";
import { decideApproval } from "@/lib/provisioning/run-commands";

export const dynamic = "force-dynamic";

export const POST = withApi(selfServiceRoutes.rejectRun, async ({ body, db, actor, params, ip, reply }) => {
  const status = await decideApproval(db, actor, params.id, { approve: false, comment: body.comment }, { enqueue, ip });
  return reply(200, { id: params.id, status });
});
