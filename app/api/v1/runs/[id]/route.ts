// GET /api/v1/runs/{id} — status, steps, outputs and the environment
import { withApi } from "@/app/api/_lib/with-api";
import { selfServiceRoutes } from "@/lib/api/routes";
import { getRunView } from "@/lib/provisioning/queries";

export const dynamic = "force-dynamic";

export const GET = withApi(selfServiceRoutes.getRun, async ({ db, actor, params, reply }) =>
  reply(200, await getRunView(db, actor, params.id)),
);
