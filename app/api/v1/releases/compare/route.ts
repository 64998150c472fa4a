// GET /api/v1/releases/compare?service=&base=&head= — the comparison's state; queues the GitHub fetch when missing
import { withApi } from "@/app/api/_lib/with-api";
import { deliveryRoutes } from "@/lib/api/routes";
import { canFetchComparisons } from "@/lib/delivery/jobs";
import { requestReleaseComparison } from "@/lib/delivery/request-release-comparison";
import { enqueue } from "@/lib/server/start";

export const dynamic = "force-dynamic";

export const GET = withApi(deliveryRoutes.compareReleases, async ({ query, db, reply }) =>
  reply(200, await requestReleaseComparison(db, query, canFetchComparisons() ? enqueue : null)),
);
