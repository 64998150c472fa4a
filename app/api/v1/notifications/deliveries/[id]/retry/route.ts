// POST /api/v1/notifications/deliveries/{id}/retry — send a failed delivery again now (admins)
import { withApi } from "@/app/api/_lib/with-api";
import { notificationRoutes } from "@/lib/api/routes";
import { retryDelivery } from "@/lib/notifications/failed-deliveries";
import { authSecret, publicUrl } from "@/lib/runtime/config";

export const dynamic = "force-dynamic";

export const POST = withApi(notificationRoutes.retryDelivery, async ({ db, actor, params, ip, reply }) =>
  reply(200, await retryDelivery(db, actor, params.id, { secret: authSecret(), portalUrl: publicUrl(), ip })),
);
