// POST /api/v1/templates/{name}/publish — { hash? }; admins make a catalog template runnable in exactly this version
import { withApi } from "@/app/api/_lib/with-api";
import { selfServiceRoutes } from "@/lib/api/routes";
import { publishTemplate } from "@/lib/provisioning/publish-template";

export const dynamic = "force-dynamic";

export const POST = withApi(selfServiceRoutes.publishTemplate, async ({ body, db, actor, params, ip, reply }) =>
  reply(200, await publishTemplate(db, actor, params.name, { hash: body.hash }, { ip })),
);
