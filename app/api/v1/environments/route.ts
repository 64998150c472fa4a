// GET /api/v1/environments — self-service environments: mine, or everyone's for admins (?all=true)
// GET /api/v1/environments?service= — that service's environments (live version, health), plus its previews
import { withApi } from "@/app/api/_lib/with-api";
import { deliveryRoutes } from "@/lib/api/routes";
import { environmentsOfService } from "@/lib/delivery/service-environments";
import { normaliseServiceRef } from "@/lib/catalog/service-ref";
import { listSelfServiceEnvironments } from "@/lib/provisioning/queries";

export const dynamic = "force-dynamic";

export const GET = withApi(deliveryRoutes.listEnvironments, async ({ query, db, actor, reply }) => {
  const selfService = await listSelfServiceEnvironments(db, actor, {
    all: query.all === "true",
    includeDestroyed: query.includeDestroyed === "true",
    component: query.service ? normaliseServiceRef(query.service) : undefined,
  });
  if (query.service)
    return reply(200, { items: await environmentsOfService(db, query.service), previews: selfService });
  return reply(200, { items: selfService });
});
