// GET, DELETE /api/v1/catalog/locations/{id} — one location; or remove it and its entities (its owner or an admin)
import { withApi } from "@/app/api/_lib/with-api";
import { catalogRoutes } from "@/lib/api/routes";
import { deleteCatalogLocation } from "@/lib/catalog/delete-location";
import { getCatalogLocation } from "@/lib/catalog/location-queries";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const GET = withApi(catalogRoutes.getLocation, async ({ db, actor, params, reply }) => {
  const location = await getCatalogLocation(db, actor, params.id);
  if (!location)
    throw new AppError(
      "not_found:catalog",
      `No catalog location "${params.id}"; GET /api/v1/catalog/locations lists them.`,
    );
  return reply(200, location);
});

export const DELETE = withApi(catalogRoutes.deleteLocation, async ({ db, actor, params, ip, reply }) =>
  reply(200, await deleteCatalogLocation(db, actor, params.id, { ip })),
);
