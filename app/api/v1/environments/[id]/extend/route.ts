// POST /api/v1/environments/{id}/extend — { hours? }; up to the template's maximum lifetime
import { withApi } from "@/app/api/_lib/with-api";
import { selfServiceRoutes } from "@/lib/api/routes";
import { extendEnvironment } from "@/lib/provisioning/self-service-lifecycle";

export const dynamic = "force-dynamic";

export const POST = withApi(selfServiceRoutes.extendEnvironment, async ({ body, db, actor, params, ip, reply }) => {
  const env = await extendEnvironment(db, actor, params.id, { hours: body.hours }, { ip });
  return reply(200, { id: env.id, status: env.status, expiresAt: env.expiresAt.toISOString() });
});
