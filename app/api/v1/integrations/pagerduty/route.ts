// POST /api/v1/integrations/pagerduty — PagerDuty v3 webhooks, signature checked before anything is read.
import { withPublicApi } from "@/app/api/_lib/with-api";
import { incidentRoutes } from "@/lib/api/routes";
import { readPagerdutySecrets, receivePagerduty } from "@/lib/incidents/pagerduty-webhook";
import { getDb } from "@/lib/server/database";

export const dynamic = "force-dynamic";

export const POST = withPublicApi(incidentRoutes.pagerdutyWebhook, async ({ request, body, reply }) => {
  const answer = await receivePagerduty(await getDb(), readPagerdutySecrets(), { headers: request.headers, body });
  // The 401 carries the error body every route answers with (lib/http/error-response.ts).
  return answer.status === 200 ? reply(200, answer.body) : Response.json(answer.body, { status: answer.status });
});
