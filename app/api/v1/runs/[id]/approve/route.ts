// POST /api/v1/runs/{id}/approve — { comment? }; the template's approvers, never the requester
import { withApi } from "@/app/api/_lib/with-api";
import { selfServiceRoutes } from "@/lib/api/routes";
import { enqueue } from "@/lib/server/start";
import { decideApproval } from "@/lib/provisioning/run-commands";

export const dynamic = "force-dynamic";

export const POST = withApi(selfServiceRoutes.approveRun, async ({ body, db, actor, params, ip, reply }) => {
  const status = await decideApproval(db, actor, params.id, { approve: true, comment: body.comment }, { enqueue, ip });
  return reply(200, { id: params.id, status });
});
