// POST /api/webhooks/github — GitHub deliveries: signature checked, deduplicated, stored with their job in one transaction.
import { errorResponse } from "@/lib/http/error-response";
import { readGithubConfig } from "@/lib/github/config";
import { receiveWebhook } from "@/lib/github/webhooks";
import { enqueue } from "@/lib/jobs/start";
import { getDb } from "@/lib/runtime/database";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  try {
    const body = await request.text();
    const answer = await receiveWebhook(await getDb(), readGithubConfig(), { headers: request.headers, body }, enqueue);
    return Response.json(answer.body, { status: answer.status });
  } catch (error) {
    return errorResponse(error);
  }
}
