import type { Metadata } from "next";
import { requireActor } from "@/app/_lib/page-auth";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { UsageTotals } from "@/components/self-service/usage-totals";
import { displayActor } from "@/lib/access/display-actor";
import { readSystemStatus } from "@/lib/metrics/system-status";
import { loadAllTemplates } from "@/lib/provisioning/load-templates";
import { listPrices, usageTotals } from "@/lib/provisioning/usage";
import { getDb } from "@/lib/server/database";
import { PriceForm } from "./_components/price-form";
import { SystemStatus } from "./_components/system-status";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "System" };

/** The portal's own health for the platform team: what needs attention, then the figures behind it. */
export default async function SystemPage() {
  const actor = await requireActor("admin:metrics");
  const db = await getDb();
  const [initial, byOwner, byTeam, prices, templates] = await Promise.all([
    readSystemStatus(db, actor),
    usageTotals(db, "owner"),
    usageTotals(db, "team"),
    listPrices(db),
    loadAllTemplates(db),
  ]);
  return (
    <div className="space-y-6">
      <PageHeader
        title="System"
        description="The portal's own state, refreshed every 15 s. The same figures are served to Prometheus at GET /api/v1/metrics (an admin API token as the bearer)."
      />
      <SystemStatus initial={initial} />
      <Card title="Environment usage and cost" id="usage">
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
          Resource-hours are the hours self-service environments were awake (asleep ones do not count); cost is
          resource-hours × the price per resource-hour of their template, else the price for every template.
        </p>
        <div className="grid gap-4 lg:grid-cols-2">
          <UsageTotals caption="Per person" by="owner" totals={byOwner} />
          <UsageTotals caption="Per team" by="team" totals={byTeam} />
        </div>
        <h3 className="mt-4 mb-2 text-sm font-semibold">Prices</h3>
        {prices.length > 0 && (
          <Table caption="Prices per resource-hour">
            <thead>
              <tr>
                <Th>Template</Th>
                <Th>Per resource-hour</Th>
                <Th>Set by</Th>
              </tr>
            </thead>
            <tbody>
              {prices.map((p) => (
                <tr key={p.scope}>
                  <Td className="font-mono text-xs">{p.scope === "*" ? "* (every template)" : p.scope}</Td>
                  <Td>
                    {p.pricePerHour} {p.currency}
                  </Td>
                  <Td className="text-xs">{displayActor(p.updatedBy)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        <div className="mt-3">
          <PriceForm templates={[...new Set(templates.flatMap((t) => (t.name ? [t.name] : [])))]} />
        </div>
      </Card>
    </div>
  );
}
