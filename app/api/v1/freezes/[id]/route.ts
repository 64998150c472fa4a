// DELETE /api/v1/freezes/{id} — remove a freeze window (admins)
import { withApi } from "@/app/api/_lib/with-api";
import { releaseActionRoutes } from "@/lib/api/routes";
import { deleteFreeze } from "@/lib/release-actions/freezes";

export const dynamic = "force-dynamic";

export const DELETE = withApi(releaseActionRoutes.deleteFreeze, async ({ db, actor, params, ip }) => {
  await deleteFreeze(db, actor, params.id, { ip });
  return new Response(null, { status: 204 });
});
