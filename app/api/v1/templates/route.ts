// GET /api/v1/templates — the environment templates the caller may use (with parameter schemas and trust state), and those waiting for an admin
import { withApi } from "@/app/api/_lib/with-api";
import { selfServiceRoutes } from "@/lib/api/routes";
import { listTemplatesFor } from "@/lib/provisioning/queries";

export const dynamic = "force-dynamic";

export const GET = withApi(selfServiceRoutes.listTemplates, async ({ db, actor, reply }) => {
  const { items, waiting, problems } = await listTemplatesFor(db, actor);
  return reply(200, { items: items.map(({ uiSchema: _ui, ...item }) => item), waiting, problems });
});
