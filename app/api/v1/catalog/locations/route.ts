// GET /api/v1/catalog/locations — catalog locations with their source, owner, trust, entity count and last import
import { withApi } from "@/app/api/_lib/with-api";
import { listCatalogLocations } from "@/lib/catalog/location-queries";
import { locationQuerySchema, searchParamsToObject } from "@/lib/catalog/schemas";

export const dynamic = "force-dynamic";

export const GET = withApi("catalog:read", async ({ request, db, actor }) => {
  const query = locationQuerySchema.parse(searchParamsToObject(new URL(request.url).searchParams));
  return Response.json(await listCatalogLocations(db, actor, query));
});
