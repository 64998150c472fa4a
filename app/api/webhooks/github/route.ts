// POST /api/webhooks/github — GitHub deliveries: signature checked, deduplicated, stored with their job in one transaction.
import { withPublicApi } from "@/app/api/_lib/with-api";
import { publicRoutes } from "@/lib/api/routes";
import { readGithubConfig } from "@/lib/github/config";
import { receiveWebhook } from "@/lib/github/webhooks";
import { enqueue } from "@/lib/server/start";
import { getDb } from "@/lib/server/database";

export const dynamic = "force-dynamic";

export const POST = withPublicApi(publicRoutes.githubWebhook, async ({ request, body }) => {
  const answer = await receiveWebhook(await getDb(), readGithubConfig(), { headers: request.headers, body }, enqueue);
  return Response.json(answer.body, { status: answer.status });
});
