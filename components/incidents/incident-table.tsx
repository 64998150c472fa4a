import Link from "next/link";
import { entityHref } from "@/components/catalog/entity-href";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th } from "@/components/ui/table";
import type { IncidentView } from "@/lib/incidents/responses";
import { formatDuration, IncidentStatusBadge, incidentSourceText, SeverityBadge } from "./incident-badges";

/** Incidents newest first; an unmatched one shows what its sender named instead of a service link. */
export function IncidentTable({ items, caption }: { items: IncidentView[]; caption: string }) {
  if (items.length === 0)
    return <p className="text-sm text-slate-500 dark:text-slate-400">No incidents match these filters.</p>;
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <Th>Status</Th>
          <Th>Severity</Th>
          <Th>Incident</Th>
          <Th>Service</Th>
          <Th>Environment</Th>
          <Th>Began</Th>
          <Th>Duration</Th>
          <Th>Source</Th>
        </tr>
      </thead>
      <tbody>
        {items.map((i) => (
          <tr key={i.id} data-testid="incident-row">
            <Td>
              <IncidentStatusBadge status={i.status} />
            </Td>
            <Td>
              <SeverityBadge severity={i.severity} />
            </Td>
            <Td>
              {i.url ? (
                <a href={i.url} rel="noreferrer" className="text-brand-700 hover:underline dark:text-brand-100">
                  {i.title}
                </a>
              ) : (
                i.title
              )}
            </Td>
            <Td>
              {i.service ? (
                <Link href={entityHref(i.service)} className="text-brand-700 hover:underline dark:text-brand-100">
                  {i.service.replace(/^component:default\//, "")}
                </Link>
              ) : (
                <span className="text-amber-700 dark:text-amber-300" title="No catalog service matched">
                  unmatched: {i.serviceLabel ?? "no service label"}
                </span>
              )}
            </Td>
            <Td>{i.environment ?? "—"}</Td>
            <Td>
              <RelativeTime value={i.startedAt} />
            </Td>
            <Td>{formatDuration(i.startedAt, i.resolvedAt)}</Td>
            <Td>{incidentSourceText(i.source)}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
