// GET /api/v1/entities — list, filter and search catalog entities (and by scorecard level)
import { withApi } from "@/app/api/_lib/with-api";
import { catalogRoutes } from "@/lib/api/routes";
import { listCatalogEntities } from "@/lib/scorecards/catalog-filter";

export const dynamic = "force-dynamic";

export const GET = withApi(catalogRoutes.listEntities, async ({ query, db, reply }) =>
  reply(200, await listCatalogEntities(db, query)),
);
