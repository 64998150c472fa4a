// GET /api/v1/entities — list, filter and search catalog entities
import { withApi } from "@/app/api/_lib/with-api";
import { catalogRoutes } from "@/lib/api/routes";
import { listEntitiesJson } from "@/lib/catalog/queries";

export const dynamic = "force-dynamic";

export const GET = withApi(catalogRoutes.listEntities, async ({ query, db, reply }) =>
  reply(200, await listEntitiesJson(db, query)),
);
