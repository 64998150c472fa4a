// GET /api/v1/releases?service= — a service's published releases, newest first, with where each is live
import { withApi } from "@/app/api/_lib/with-api";
import { listReleases } from "@/lib/delivery/releases";
import { releasesQuery } from "@/lib/delivery/schemas";

export const dynamic = "force-dynamic";

export const GET = withApi("catalog:read", async ({ request, db }) => {
  const query = releasesQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { items, nextCursor } = await listReleases(db, query);
  return Response.json({ items, nextCursor });
});
