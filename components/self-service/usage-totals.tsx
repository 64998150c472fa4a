import { Table, Td, Th } from "@/components/ui/table";
import { displayActor } from "@/lib/access/display-actor";
import type { UsageTotal } from "@/lib/provisioning/usage";

const costText = (cost: UsageTotal["cost"]) =>
  cost.length ? cost.map((c) => `${c.amount.toFixed(2)} ${c.currency}`).join(" + ") : "—";

/** Environments, resource-hours and cost per person or team (destroyed environments included). */
export function UsageTotals({ caption, by, totals }: { caption: string; by: "owner" | "team"; totals: UsageTotal[] }) {
  if (!totals.length) return <p className="text-sm text-slate-500 dark:text-slate-400">No environments yet.</p>;
  return (
    <Table caption={caption} captionVisible>
      <thead>
        <tr>
          <Th>{by === "owner" ? "Person" : "Team"}</Th>
          <Th>Environments</Th>
          <Th>Resource-hours</Th>
          <Th>Cost</Th>
        </tr>
      </thead>
      <tbody>
        {totals.map((t) => (
          <tr key={t.key}>
            <Td className="font-mono text-xs">{by === "owner" ? displayActor(t.key) : t.key}</Td>
            <Td>{t.environments}</Td>
            <Td>{t.resourceHours.toFixed(2)}</Td>
            <Td>{costText(t.cost)}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
