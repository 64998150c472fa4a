// GET/POST /api/v1/incidents/mappings — the admin's rules tying alert labels to services
import { withApi } from "@/app/api/_lib/with-api";
import { incidentRoutes } from "@/lib/api/routes";
import { createMapping, listMappings } from "@/lib/incidents/service-mappings";

export const dynamic = "force-dynamic";

export const GET = withApi(incidentRoutes.listIncidentMappings, async ({ db, actor, reply }) =>
  reply(200, await listMappings(db, actor)),
);

export const POST = withApi(incidentRoutes.createIncidentMapping, async ({ db, actor, body, ip, reply }) => {
  const created = await createMapping(db, actor, body, { ip });
  return reply(201, created, { location: `/api/v1/incidents/mappings/${created.mapping.id}` });
});
