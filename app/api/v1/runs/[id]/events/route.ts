// GET /api/v1/runs/{id}/events?after=<id> — the run's log, oldest first
import { withApi } from "@/app/api/_lib/with-api";
import { listRunEvents } from "@/lib/provisioning/queries";
import { eventsQuery } from "@/lib/provisioning/schemas";

export const dynamic = "force-dynamic";

export const GET = withApi<{ id: string }>("catalog:read", async ({ request, db, actor, params }) => {
  const { after } = eventsQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json({ items: await listRunEvents(db, actor, params.id, after) });
});
