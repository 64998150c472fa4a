// GET /api/v1/entities/facets — counts per facet value, filtered like the list
import { withApi } from "@/app/api/_lib/with-api";
import { catalogRoutes } from "@/lib/api/routes";
import { catalogFacets } from "@/lib/scorecards/catalog-filter";

export const dynamic = "force-dynamic";

export const GET = withApi(catalogRoutes.listEntityFacets, async ({ query, db, reply }) =>
  reply(200, await catalogFacets(db, query)),
);
