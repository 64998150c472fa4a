// GET /api/v1/catalog/locations — catalog locations with their source, owner, trust, entity count and last import
import { withApi } from "@/app/api/_lib/with-api";
import { catalogRoutes } from "@/lib/api/routes";
import { listCatalogLocations } from "@/lib/catalog/location-queries";

export const dynamic = "force-dynamic";

export const GET = withApi(catalogRoutes.listLocations, async ({ query, db, actor, reply }) =>
  reply(200, await listCatalogLocations(db, actor, query)),
);
