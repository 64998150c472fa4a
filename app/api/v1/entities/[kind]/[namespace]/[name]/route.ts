// GET /api/v1/entities/{kind}/{namespace}/{name} — one entity with its relations
import { withApi } from "@/app/api/_lib/with-api";
import { getEntity } from "@/lib/catalog/queries";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

type Params = { kind: string; namespace: string; name: string };

export const GET = withApi<Params>("catalog:read", async ({ db, params }) => {
  const ref = `${params.kind}:${params.namespace}/${params.name}`.toLowerCase();
  const entity = await getEntity(db, decodeURIComponent(ref));
  if (!entity) throw new AppError("not_found:entity", `No entity ${decodeURIComponent(ref)} in the catalog.`);
  return Response.json(entity);
});
