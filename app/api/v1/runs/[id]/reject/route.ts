// POST /api/v1/runs/{id}/reject — { comment? }; admins or the template's approvers
import { withApi } from "@/app/api/_lib/with-api";
import { enqueue } from "@/lib/jobs/start";
import { decideApproval } from "@/lib/provisioning/run-commands";
import { approvalBody } from "@/lib/provisioning/schemas";

export const dynamic = "force-dynamic";

export const POST = withApi<{ id: string }>("catalog:read", async ({ request, db, actor, params, ip }) => {
  const { comment } = approvalBody.parse(await request.json().catch(() => ({})));
  const status = await decideApproval(db, actor, params.id, { approve: false, comment }, { enqueue, ip });
  return Response.json({ id: params.id, status });
});
