// DELETE /api/v1/incidents/mappings/{id} — remove a service mapping rule (admins)
import { withApi } from "@/app/api/_lib/with-api";
import { incidentRoutes } from "@/lib/api/routes";
import { deleteMapping } from "@/lib/incidents/service-mappings";

export const dynamic = "force-dynamic";

export const DELETE = withApi(incidentRoutes.deleteIncidentMapping, async ({ db, actor, params, ip }) => {
  await deleteMapping(db, actor, params.id, { ip });
  return new Response(null, { status: 204 });
});
