// PUT /api/v1/incidents/mappings/labels — the label names read as a service's name (admins)
import { withApi } from "@/app/api/_lib/with-api";
import { incidentRoutes } from "@/lib/api/routes";
import { setServiceLabels } from "@/lib/incidents/service-mappings";

export const dynamic = "force-dynamic";

export const PUT = withApi(incidentRoutes.setIncidentServiceLabels, async ({ db, actor, body, ip, reply }) =>
  reply(200, await setServiceLabels(db, actor, body, { ip })),
);
