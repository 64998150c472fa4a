// GET/POST/DELETE /api/v1/freezes — freeze windows (reading: everyone; changing: admins)
import { withApi } from "@/app/api/_lib/with-api";
import { releaseActionRoutes } from "@/lib/api/routes";
import { createFreeze, deleteFreeze, listFreezes } from "@/lib/release-actions/freezes";

export const dynamic = "force-dynamic";

export const GET = withApi(releaseActionRoutes.listFreezes, async ({ db, query, reply }) =>
  reply(200, { items: await listFreezes(db, { all: query.all === "true" }) }),
);

export const POST = withApi(releaseActionRoutes.createFreeze, async ({ db, actor, body, ip, reply }) => {
  const freeze = await createFreeze(db, actor, body, { ip });
  return reply(201, freeze, { location: `/api/v1/freezes/${freeze.id}` });
});

export const DELETE = withApi(releaseActionRoutes.deleteFreezeByQuery, async ({ db, actor, query, ip }) => {
  await deleteFreeze(db, actor, query.id, { ip });
  return new Response(null, { status: 204 });
});
