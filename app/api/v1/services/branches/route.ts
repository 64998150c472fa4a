// GET /api/v1/services/branches?service=component:default/x — the service repo's branches for the form (its git URL, else GitHub)
import { withApi } from "@/app/api/_lib/with-api";
import { selfServiceRoutes } from "@/lib/api/routes";
import { listServiceBranches } from "@/lib/provisioning/list-branches";
import { getDatabase } from "@/lib/server/database";

export const dynamic = "force-dynamic";

export const GET = withApi(selfServiceRoutes.serviceBranches, async ({ query, actor, reply }) =>
  reply(200, await listServiceBranches(await getDatabase(), actor, query.service)),
);
