// GET /api/v1/github/syncs — recent GitHub sync runs (admin), polled by Admin → GitHub while one runs.
import { withApi } from "@/app/api/_lib/with-api";
import { listSyncRuns } from "@/lib/github/queries";

export const dynamic = "force-dynamic";

export const GET = withApi("admin:github", async ({ db }) => {
  const runs = await listSyncRuns(db, 20);
  return Response.json({ runs, isRunning: runs.some((r) => r.status === "running") });
});
