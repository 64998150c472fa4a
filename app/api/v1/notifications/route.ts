// GET /api/v1/notifications — the caller's notifications, newest first
import { withApi } from "@/app/api/_lib/with-api";
import { notificationRoutes } from "@/lib/api/routes";
import { listNotifications } from "@/lib/notifications/inbox";

export const dynamic = "force-dynamic";

export const GET = withApi(notificationRoutes.listNotifications, async ({ db, actor, query, reply }) =>
  reply(200, await listNotifications(db, actor, query)),
);
