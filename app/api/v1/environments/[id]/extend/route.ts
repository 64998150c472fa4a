// POST /api/v1/environments/{id}/extend — { hours? }; up to the template's maximum lifetime
import { withApi } from "@/app/api/_lib/with-api";
import { extendEnvironment } from "@/lib/environments/self-service-lifecycle";
import { extendBody } from "@/lib/provisioning/schemas";

export const dynamic = "force-dynamic";

export const POST = withApi<{ id: string }>("selfservice:use", async ({ request, db, actor, params, ip }) => {
  const { hours } = extendBody.parse(await request.json().catch(() => ({})));
  const env = await extendEnvironment(db, actor, params.id, { hours }, { ip });
  return Response.json({ id: env.id, status: env.status, expiresAt: env.expiresAt.toISOString() });
});
