// GET /api/v1/environments — self-service environments: mine, or everyone's for admins (?all=true)
import { withApi } from "@/app/api/_lib/with-api";
import { listEnvironments } from "@/lib/provisioning/queries";
import { environmentsQuery } from "@/lib/provisioning/schemas";

export const dynamic = "force-dynamic";

export const GET = withApi("catalog:read", async ({ request, db, actor }) => {
  const query = environmentsQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const items = await listEnvironments(db, actor, { all: query.all === "true", includeDestroyed: query.includeDestroyed === "true", component: query.service });
  return Response.json({ items });
});
