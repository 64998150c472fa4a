// GET /api/v1/notifications/deliveries — failed (and failing) deliveries to outbound channels, for admins
import { withApi } from "@/app/api/_lib/with-api";
import { notificationRoutes } from "@/lib/api/routes";
import { listFailedDeliveries } from "@/lib/notifications/failed-deliveries";

export const dynamic = "force-dynamic";

export const GET = withApi(notificationRoutes.listFailedDeliveries, async ({ db, actor, query, reply }) =>
  reply(200, { items: await listFailedDeliveries(db, actor, query) }),
);
