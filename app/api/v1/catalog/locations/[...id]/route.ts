// GET, DELETE /api/v1/catalog/locations/{id} — one location; or remove it and its entities (its owner or an admin)
import { withApi } from "@/app/api/_lib/with-api";
import { deleteCatalogLocation } from "@/lib/catalog/delete-location";
import { getCatalogLocation } from "@/lib/catalog/location-queries";
import { locationIdSchema } from "@/lib/catalog/schemas";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

// Location ids contain slashes (github:acme/payments): the id is the rest of the path.
type Params = { id: string[] };
const idOf = (params: Params) => locationIdSchema.parse(params.id.join("/"));

export const GET = withApi<Params>("catalog:read", async ({ db, actor, params }) => {
  const id = idOf(params);
  const location = await getCatalogLocation(db, actor, id);
  if (!location) throw new AppError("not_found:catalog", `No catalog location "${id}"; GET /api/v1/catalog/locations lists them.`);
  return Response.json(location);
});

export const DELETE = withApi<Params>("catalog:write", async ({ db, actor, params, ip }) => {
  return Response.json(await deleteCatalogLocation(db, actor, idOf(params), { ip }));
});
