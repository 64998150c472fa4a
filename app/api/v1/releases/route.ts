// GET /api/v1/releases?service= — a service's published releases, newest first, with where each is live
import { withApi } from "@/app/api/_lib/with-api";
import { deliveryRoutes } from "@/lib/api/routes";
import { listReleases } from "@/lib/delivery/releases";

export const dynamic = "force-dynamic";

export const GET = withApi(deliveryRoutes.listReleases, async ({ query, db, reply }) => {
  const { items, nextCursor } = await listReleases(db, query);
  return reply(200, { items, nextCursor });
});
