// POST /api/v1/integrations/alertmanager — Alertmanager's webhook (v4): alert groups → incidents.
import { withApi } from "@/app/api/_lib/with-api";
import { incidentRoutes } from "@/lib/api/routes";
import { receiveAlertmanager } from "@/lib/incidents/alertmanager";

export const dynamic = "force-dynamic";

export const POST = withApi(incidentRoutes.alertmanagerWebhook, async ({ body, db, actor, ip, reply }) =>
  reply(200, await receiveAlertmanager(db, actor, body, { ip })),
);
