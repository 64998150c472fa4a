// GET /api/v1/entities/{kind}/{namespace}/{name} — one entity with its relations
import { withApi } from "@/app/api/_lib/with-api";
import { catalogRoutes } from "@/lib/api/routes";
import { getEntity } from "@/lib/catalog/queries";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

// Next has decoded the path segments once; decoding again would turn `%25` into a malformed escape.
export const GET = withApi(catalogRoutes.getEntity, async ({ db, params, reply }) => {
  const ref = `${params.kind}:${params.namespace}/${params.name}`.toLowerCase();
  const entity = await getEntity(db, ref);
  if (!entity) throw new AppError("not_found:entity", `No entity ${ref} in the catalog.`);
  return reply(200, entity);
});
