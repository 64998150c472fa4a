// GET /api/v1/templates — the environment templates the caller may use, with their parameter schemas
import { withApi } from "@/app/api/_lib/with-api";
import { selfServiceRoutes } from "@/lib/api/routes";
import { listTemplatesFor } from "@/lib/provisioning/queries";

export const dynamic = "force-dynamic";

export const GET = withApi(selfServiceRoutes.listTemplates, async ({ db, actor }) => {
  const { items, problems } = await listTemplatesFor(db, actor);
  return Response.json({ items: items.map(({ uiSchema: _ui, ...item }) => item), problems });
});
