// GET /api/v1/environments — self-service environments: mine, or everyone's for admins (?all=true)
// GET /api/v1/environments?service= — that service's environments (live version, health), plus its previews
import { withApi } from "@/app/api/_lib/with-api";
import { environmentsOfService } from "@/lib/delivery/environments";
import { normaliseServiceRef } from "@/lib/delivery/service-ref";
import { listEnvironments } from "@/lib/provisioning/queries";
import { environmentsQuery } from "@/lib/provisioning/schemas";

export const dynamic = "force-dynamic";

export const GET = withApi("catalog:read", async ({ request, db, actor }) => {
  const query = environmentsQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const selfService = await listEnvironments(db, actor, { all: query.all === "true", includeDestroyed: query.includeDestroyed === "true", component: query.service ? normaliseServiceRef(query.service) : undefined });
  if (query.service) return Response.json({ items: await environmentsOfService(db, query.service), previews: selfService });
  return Response.json({ items: selfService });
});
