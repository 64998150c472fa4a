// GET /api/v1/github/syncs — recent GitHub sync runs (admin), polled by Admin → GitHub while one runs.
// POST /api/v1/github/syncs — start a sync now (admin), as "Sync now" does.
import { withApi } from "@/app/api/_lib/with-api";
import { adminRoutes } from "@/lib/api/routes";
import { readGithubConfig } from "@/lib/github/config";
import { listSyncRuns } from "@/lib/github/queries";
import { requestGithubSync } from "@/lib/github/request-sync";
import { enqueue } from "@/lib/server/start";

export const dynamic = "force-dynamic";

export const GET = withApi(adminRoutes.listGithubSyncs, async ({ db, reply }) => {
  const runs = await listSyncRuns(db, 20);
  return reply(200, { runs, isRunning: runs.some((r) => r.status === "running") });
});

export const POST = withApi(adminRoutes.startGithubSync, async ({ db, actor, reply }) => {
  await requestGithubSync(db, actor, readGithubConfig(), enqueue);
  return reply(202, { status: "queued" });
});
