// GET /api/v1/incidents — incidents newest first, filtered, keyset-paged
// POST /api/v1/incidents — any tool reports an incident (idempotent by the caller's `id`)
import { withApi } from "@/app/api/_lib/with-api";
import { incidentRoutes } from "@/lib/api/routes";
import { listIncidents, toIncidentView } from "@/lib/incidents/queries";
import { reportIncident } from "@/lib/incidents/report-incident";

export const dynamic = "force-dynamic";

export const GET = withApi(incidentRoutes.listIncidents, async ({ query, db, actor, reply }) =>
  reply(200, await listIncidents(db, actor, query)),
);

export const POST = withApi(incidentRoutes.reportIncident, async ({ body, db, actor, ip, reply }) => {
  const { incident, created } = await reportIncident(db, actor, body, { ip });
  return reply(created ? 201 : 200, toIncidentView(incident));
});
