// GET /environments/data — the services × environments matrix (with previews) for the live page (session or token)
import { withApi } from "@/app/api/_lib/with-api";
import { deliveryRoutes } from "@/lib/api/routes";
import { environmentsMatrixWithPreviews } from "@/lib/delivery/previews";
import { withOpenIncidents } from "@/lib/incidents/queries";

export const dynamic = "force-dynamic";

export const GET = withApi(deliveryRoutes.environmentsMatrix, async ({ query, db, actor, reply }) =>
  reply(
    200,
    await withOpenIncidents(
      db,
      await environmentsMatrixWithPreviews(db, actor, {
        team: query.team || undefined,
        system: query.system || undefined,
        offset: query.offset,
        limit: 100,
      }),
    ),
  ),
);
