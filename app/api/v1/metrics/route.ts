// GET /api/v1/metrics — the portal's own state in Prometheus's text format (admins; scrape with an
// admin API token as the bearer).
import { withApi } from "@/app/api/_lib/with-api";
import { adminRoutes } from "@/lib/api/routes";
import { toPrometheus } from "@/lib/metrics/prometheus";
import { collectMetrics } from "@/lib/metrics/snapshot";

export const dynamic = "force-dynamic";

export const GET = withApi(adminRoutes.metrics, async ({ db }) => {
  return new Response(toPrometheus(await collectMetrics(db)), {
    headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8", "cache-control": "no-store" },
  });
});
