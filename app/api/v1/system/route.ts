// GET /api/v1/system — the portal's own state and what needs attention (admins), polled by Admin → System.
import { withApi } from "@/app/api/_lib/with-api";
import { adminRoutes } from "@/lib/api/routes";
import { readSystemStatus } from "@/lib/metrics/system-status";

export const dynamic = "force-dynamic";

export const GET = withApi(adminRoutes.systemStatus, async ({ db, actor, reply }) =>
  reply(200, await readSystemStatus(db, actor), { "cache-control": "no-store" }),
);
