// POST /api/v1/templates/{name}/withdraw — admins take a catalog template's published version back
import { withApi } from "@/app/api/_lib/with-api";
import { withdrawTemplate } from "@/lib/provisioning/publish-template";
import { templateNameParam } from "@/lib/provisioning/schemas";

export const dynamic = "force-dynamic";

export const POST = withApi<{ name: string }>("admin:templates", async ({ db, actor, params, ip }) => {
  return Response.json(await withdrawTemplate(db, actor, templateNameParam.parse(params.name), { ip }));
});
