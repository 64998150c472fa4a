// GET/PUT /api/v1/notifications/preferences — which events reach you (or your team) on which channel
import { withApi } from "@/app/api/_lib/with-api";
import { notificationRoutes } from "@/lib/api/routes";
import { getPreferences, setPreferences } from "@/lib/notifications/preferences";

export const dynamic = "force-dynamic";

export const GET = withApi(notificationRoutes.getPreferences, async ({ db, actor, query, reply }) =>
  reply(200, await getPreferences(db, actor, query)),
);

export const PUT = withApi(notificationRoutes.setPreferences, async ({ db, actor, body, ip, reply }) =>
  reply(200, await setPreferences(db, actor, body, { ip })),
);
