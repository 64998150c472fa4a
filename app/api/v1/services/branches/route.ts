// GET /api/v1/services/branches?service=component:default/x — the service repo's branches for the form (empty without GitHub)
import { z } from "zod";
import { withApi } from "@/app/api/_lib/with-api";
import { listServiceBranches } from "@/lib/provisioning/list-branches";
import { getDatabase } from "@/lib/runtime/database";

export const dynamic = "force-dynamic";

const query = z.object({ service: z.string().trim().min(1, "name a service (its entity ref)") });

export const GET = withApi("selfservice:use", async ({ request, actor }) => {
  const { service } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(await listServiceBranches(await getDatabase(), actor, service));
});
