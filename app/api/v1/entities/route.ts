// GET /api/v1/entities — list, filter and search catalog entities
import { withApi } from "@/app/api/_lib/with-api";
import { catalogRoutes } from "@/lib/api/routes";
import { listEntities } from "@/lib/catalog/queries";

export const dynamic = "force-dynamic";

export const GET = withApi(catalogRoutes.listEntities, async ({ query, db }) =>
  Response.json(await listEntities(db, query)),
);
