// POST /api/v1/templates/{name}/withdraw — admins take a catalog template's published version back
import { withApi } from "@/app/api/_lib/with-api";
import { selfServiceRoutes } from "@/lib/api/routes";
import { withdrawTemplate } from "@/lib/provisioning/publish-template";

export const dynamic = "force-dynamic";

export const POST = withApi(selfServiceRoutes.withdrawTemplate, async ({ db, actor, params, ip, reply }) =>
  reply(200, await withdrawTemplate(db, actor, params.name, { ip })),
);
