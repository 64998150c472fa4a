import { Badge, type BadgeTone } from "@/components/ui/badge";

const SEVERITY_TONE: Record<string, BadgeTone> = {
  critical: "red",
  high: "red",
  warning: "amber",
  low: "neutral",
  info: "neutral",
};
const STATUS_TONE: Record<string, BadgeTone> = { triggered: "red", acknowledged: "amber", resolved: "green" };

export function SeverityBadge({ severity }: { severity: string }) {
  return <Badge tone={SEVERITY_TONE[severity] ?? "neutral"}>{severity}</Badge>;
}

export function IncidentStatusBadge({ status }: { status: string }) {
  return <Badge tone={STATUS_TONE[status] ?? "neutral"}>{status}</Badge>;
}

const SOURCE_TEXT: Record<string, string> = { alertmanager: "Alertmanager", pagerduty: "PagerDuty", api: "API" };

export const incidentSourceText = (source: string) => SOURCE_TEXT[source] ?? source;

/** "2 h 5 min" between two moments (a restore, an open incident's age). */
export function formatDuration(fromIso: string, toIso: string | null, now: Date = new Date()): string {
  const ms = (toIso ? Date.parse(toIso) : now.getTime()) - Date.parse(fromIso);
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ""}`;
  return `${Math.round((hours / 24) * 10) / 10} d`;
}
