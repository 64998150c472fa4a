// GET /api/v1/entities/{kind}/{namespace}/{name}/scorecards — the scorecards that apply to one entity
import { withApi } from "@/app/api/_lib/with-api";
import { scorecardRoutes } from "@/lib/api/routes";
import { getEntity } from "@/lib/catalog/queries";
import { AppError } from "@/lib/errors";
import { entityScorecards } from "@/lib/scorecards/queries";
import { applyingScorecards } from "@/lib/scorecards/catalog-scorecards";

export const dynamic = "force-dynamic";

export const GET = withApi(scorecardRoutes.entityScorecards, async ({ db, params, reply }) => {
  const ref = `${params.kind}:${params.namespace}/${params.name}`.toLowerCase();
  if (!(await getEntity(db, ref))) throw new AppError("not_found:entity", `No entity ${ref} in the catalog.`);
  return reply(200, { entityRef: ref, items: await entityScorecards(db, ref, await applyingScorecards(db)) });
});
