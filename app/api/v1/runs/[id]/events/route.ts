// GET /api/v1/runs/{id}/events?after=<id> — the run's log, oldest first
import { withApi } from "@/app/api/_lib/with-api";
import { selfServiceRoutes } from "@/lib/api/routes";
import { listRunEvents } from "@/lib/provisioning/queries";

export const dynamic = "force-dynamic";

export const GET = withApi(selfServiceRoutes.runEvents, async ({ query, db, actor, params, reply }) =>
  reply(200, { items: await listRunEvents(db, actor, params.id, query.after) }),
);
