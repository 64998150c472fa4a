import type { Metadata } from "next";
import { requireActor } from "@/app/_lib/page-auth";
import { PageHeader } from "@/components/ui/page-header";
import { readSystemStatus } from "@/lib/metrics/system-status";
import { getDb } from "@/lib/server/database";
import { SystemStatus } from "./_components/system-status";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "System" };

/** The portal's own health for the platform team: what needs attention, then the figures behind it. */
export default async function SystemPage() {
  const actor = await requireActor("admin:metrics");
  const initial = await readSystemStatus(await getDb(), actor);
  return (
    <div className="space-y-6">
      <PageHeader
        title="System"
        description="The portal's own state, refreshed every 15 s. The same figures are served to Prometheus at GET /api/v1/metrics (an admin API token as the bearer)."
      />
      <SystemStatus initial={initial} />
    </div>
  );
}
