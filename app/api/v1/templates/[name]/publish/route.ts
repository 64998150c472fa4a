// POST /api/v1/templates/{name}/publish — { hash? }; admins make a catalog template runnable in exactly this version
import { withApi } from "@/app/api/_lib/with-api";
import { publishTemplate } from "@/lib/provisioning/publish-template";
import { publishTemplateBody, templateNameParam } from "@/lib/provisioning/schemas";

export const dynamic = "force-dynamic";

export const POST = withApi<{ name: string }>("admin:templates", async ({ request, db, actor, params, ip }) => {
  const name = templateNameParam.parse(params.name);
  const { hash } = publishTemplateBody.parse(await request.json().catch(() => ({})));
  return Response.json(await publishTemplate(db, actor, name, { hash }, { ip }));
});
