// POST /api/v1/notifications/read — { ids } or { all: true }: mark the caller's notifications read
import { withApi } from "@/app/api/_lib/with-api";
import { notificationRoutes } from "@/lib/api/routes";
import { markRead, unreadCount } from "@/lib/notifications/inbox";

export const dynamic = "force-dynamic";

export const POST = withApi(notificationRoutes.markNotificationsRead, async ({ db, actor, body, reply }) => {
  const marked = await markRead(db, actor, body);
  return reply(200, { marked, unread: await unreadCount(db, actor) });
});
