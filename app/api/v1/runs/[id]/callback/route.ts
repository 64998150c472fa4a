// POST /api/v1/runs/{id}/callback — an external API reports back to an http:request step (per-run token, no session)
import { withPublicApi } from "@/app/api/_lib/with-api";
import { selfServiceRoutes } from "@/lib/api/routes";
import { receiveCallback } from "@/lib/provisioning/callbacks";
import { getDb } from "@/lib/server/database";

export const dynamic = "force-dynamic";

export const POST = withPublicApi(selfServiceRoutes.runCallback, async ({ request, params, body, reply }) => {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
  const token = bearer ?? request.headers.get("x-portolan-callback-token");
  await receiveCallback(await getDb(), params.id, token ?? null, body);
  return reply(202, { id: params.id, received: true });
});
