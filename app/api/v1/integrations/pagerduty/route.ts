// POST /api/v1/integrations/pagerduty — PagerDuty v3 webhooks, signature checked before anything is read.
import { withPublicApi } from "@/app/api/_lib/with-api";
import { incidentRoutes } from "@/lib/api/routes";
import { readPagerdutySecrets, receivePagerduty } from "@/lib/incidents/pagerduty-webhook";
import { getDb } from "@/lib/server/database";

export const dynamic = "force-dynamic";

export const POST = withPublicApi(incidentRoutes.pagerdutyWebhook, async ({ request, body }) => {
  const answer = await receivePagerduty(await getDb(), readPagerdutySecrets(), { headers: request.headers, body });
  return Response.json(answer.body, { status: answer.status });
});
