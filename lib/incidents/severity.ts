// Every sender's urgency vocabulary onto Portolan's five severities.
import type { IncidentSeverity } from "@/db/schema/incidents";

const WORDS: Record<string, IncidentSeverity> = {
  critical: "critical",
  crit: "critical",
  page: "critical",
  fatal: "critical",
  emergency: "critical",
  p1: "critical",
  sev1: "critical",
  high: "high",
  error: "high",
  major: "high",
  p2: "high",
  sev2: "high",
  warning: "warning",
  warn: "warning",
  medium: "warning",
  minor: "warning",
  p3: "warning",
  sev3: "warning",
  low: "low",
  p4: "low",
  sev4: "low",
  info: "info",
  informational: "info",
  none: "info",
  p5: "info",
  sev5: "info",
};

/** An Alertmanager `severity` label (or any free word); unknown or missing words count as a warning. */
export function severityFromLabel(value: string | undefined): IncidentSeverity {
  return (value && WORDS[value.trim().toLowerCase()]) || "warning";
}

/** PagerDuty: the priority (P1–P5) when the account uses priorities, else the urgency. */
export function severityFromPagerduty(priority: string | undefined, urgency: string | null | undefined) {
  const fromPriority = priority ? WORDS[priority.trim().toLowerCase()] : undefined;
  if (fromPriority) return fromPriority;
  return urgency === "low" ? "low" : "high";
}
