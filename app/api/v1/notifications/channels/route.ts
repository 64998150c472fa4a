// GET/POST /api/v1/notifications/channels — outbound channels (Slack-compatible, signed webhooks)
import { withApi } from "@/app/api/_lib/with-api";
import { notificationRoutes } from "@/lib/api/routes";
import { createChannel, listChannels } from "@/lib/notifications/channels";
import { authSecret } from "@/lib/runtime/config";

export const dynamic = "force-dynamic";

export const GET = withApi(notificationRoutes.listChannels, async ({ db, actor, query, reply }) =>
  reply(200, { items: await listChannels(db, actor, { all: query.all === "true", owner: query.owner }) }),
);

export const POST = withApi(notificationRoutes.createChannel, async ({ db, actor, body, ip, reply }) => {
  const channel = await createChannel(db, actor, body, { secret: authSecret(), ip });
  return reply(201, channel);
});
