// GET /api/v1/entities/{kind}/{namespace}/{name}/actions — the release actions the caller may run here
import { withApi } from "@/app/api/_lib/with-api";
import { releaseActionRoutes } from "@/lib/api/routes";
import { listEntityActions } from "@/lib/release-actions/list-actions";

export const dynamic = "force-dynamic";

export const GET = withApi(releaseActionRoutes.entityActions, async ({ db, actor, params, reply }) => {
  const ref = `${params.kind}:${params.namespace}/${params.name}`.toLowerCase();
  return reply(200, { items: await listEntityActions(db, actor, ref) });
});
