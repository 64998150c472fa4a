// GET /api/v1/entities — list, filter and search catalog entities
import { withApi } from "@/app/api/_lib/with-api";
import { entityQuerySchema, searchParamsToObject } from "@/lib/catalog/schemas";
import { listEntities } from "@/lib/catalog/queries";

export const dynamic = "force-dynamic";

export const GET = withApi("catalog:read", async ({ request, db }) => {
  const query = entityQuerySchema.parse(searchParamsToObject(new URL(request.url).searchParams));
  return Response.json(await listEntities(db, query));
});
