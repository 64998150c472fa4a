import Link from "next/link";
import { Card } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import type { IncidentWithCause } from "@/lib/incidents/queries";
import { formatDuration, IncidentStatusBadge, incidentSourceText, SeverityBadge } from "./incident-badges";

/** The service page's incidents: open ones first, each with the deployment live when it began. */
export function ServiceIncidents({ serviceRef, incidents }: { serviceRef: string; incidents: IncidentWithCause[] }) {
  const open = incidents.filter((i) => i.status !== "resolved");
  const resolved = incidents.filter((i) => i.status === "resolved");
  return (
    <Card
      title={open.length ? `Incidents · ${open.length} open` : "Incidents"}
      id="service-incidents"
      actions={
        <Link
          href={`/incidents?service=${encodeURIComponent(serviceRef)}`}
          className="text-xs text-brand-700 hover:underline dark:text-brand-100"
        >
          All incidents
        </Link>
      }
    >
      {open.length === 0 && (
        <p className="mb-2 text-sm text-slate-600 dark:text-slate-400" data-testid="no-open-incidents">
          No open incidents.
        </p>
      )}
      <ul className="divide-y divide-slate-200 dark:divide-slate-800" aria-label="Incidents of this service">
        {[...open, ...resolved].map((incident) => (
          <IncidentItem key={incident.id} incident={incident} />
        ))}
      </ul>
    </Card>
  );
}

function IncidentItem({ incident }: { incident: IncidentWithCause }) {
  const isOpen = incident.status !== "resolved";
  return (
    <li className="py-2 text-sm" data-testid={isOpen ? "open-incident" : "resolved-incident"}>
      <div className="flex flex-wrap items-center gap-2">
        <IncidentStatusBadge status={incident.status} />
        <SeverityBadge severity={incident.severity} />
        {incident.url ? (
          <a
            href={incident.url}
            className="font-medium text-brand-700 hover:underline dark:text-brand-100"
            rel="noreferrer"
          >
            {incident.title}
          </a>
        ) : (
          <span className="font-medium">{incident.title}</span>
        )}
      </div>
      <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
        {incident.environment ?? "no environment"} · {incidentSourceText(incident.source)} · began{" "}
        <RelativeTime value={incident.startedAt} />
        {isOpen
          ? ` · open for ${formatDuration(incident.startedAt, null)}`
          : ` · restored in ${formatDuration(incident.startedAt, incident.resolvedAt)}`}
      </p>
      {incident.deployment && (
        <p className="mt-1 text-xs text-slate-600 dark:text-slate-400" data-testid="likely-cause">
          Likely cause: deployment{" "}
          <span className="font-mono">
            {incident.deployment.version ?? incident.deployment.ref ?? incident.deployment.sha?.slice(0, 7)}
          </span>
          , live since {formatDuration(incident.deployment.startedAt, incident.startedAt)} before it began
        </p>
      )}
      {incident.timeline.length > 0 && (
        <details className="mt-1 text-xs text-slate-600 dark:text-slate-400">
          <summary className="cursor-pointer">Timeline ({incident.timeline.length})</summary>
          <ol className="mt-1 space-y-0.5">
            {incident.timeline.map((e, i) => (
              <li key={i}>
                <RelativeTime value={e.at} /> · {e.kind.replace("_", " ")}: {e.message}
              </li>
            ))}
          </ol>
        </details>
      )}
    </li>
  );
}
