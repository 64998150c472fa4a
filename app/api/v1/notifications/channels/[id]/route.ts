// DELETE /api/v1/notifications/channels/{id} — remove a channel
import { withApi } from "@/app/api/_lib/with-api";
import { notificationRoutes } from "@/lib/api/routes";
import { deleteChannel } from "@/lib/notifications/channels";

export const dynamic = "force-dynamic";

export const DELETE = withApi(notificationRoutes.deleteChannel, async ({ db, actor, params, ip }) => {
  await deleteChannel(db, actor, params.id, { ip });
  return new Response(null, { status: 204 });
});
