// DORA figures from production deployments and production incidents. Pure: unit-tested; definitions
// live beside the maths, and every figure says which records it was computed from.
export type DoraDeployment = { status: string; startedAt: Date; finishedAt: Date | null; firstCommitAt: Date | null };
/** An incident of the service's production environment. */
export type DoraIncident = { startedAt: Date; resolvedAt: Date | null };

/** Where a figure came from, as the API and the DORA panel say it. */
export type DoraSource = "deployments" | "incidents" | "deployments and incidents";

export type DoraFigures = {
  days: number;
  deployments: number;
  /** Successful production deployments per day over the window. */
  deploymentsPerDay: number;
  /** Median hours from the change's first commit to its production deployment; null when unknown. */
  leadTimeHours: number | null;
  leadTimeSamples: number;
  /** (Failed deployments + successful ones followed by an incident) / finished deployments, 0..1; null with none. */
  changeFailureRate: number | null;
  failedDeployments: number;
  /** Successful deployments counted as failures because an incident began within the window after them. */
  incidentFailures: number;
  /** Median hours to restore: incident start → resolve when there are production incidents, else failed deployment → next success. */
  timeToRestoreHours: number | null;
  timeToRestoreSamples: number;
  incidentWindowHours: number;
  sources: {
    deploymentFrequency: DoraSource;
    leadTime: DoraSource;
    changeFailureRate: DoraSource;
    timeToRestore: DoraSource;
  };
  weekly: { week: string; deployments: number; failures: number }[];
};

export type DoraOptions = { days: number; now: Date; incidentWindowHours?: number };

export const DORA_DEFINITIONS = {
  deploymentFrequency:
    "Successful deployments to production per day over the window (GitHub deployments later marked inactive count: they were live).",
  leadTime:
    "Median time from the first commit of a change to its successful production deployment. API deployments count when they carry firstCommitAt; GitHub deployments count when a compare of the deployed release with an earlier one has been fetched (Releases → compare), whose oldest commit is taken as the first. Other GitHub deployments are left out rather than guessed.",
  changeFailureRate:
    "Share of finished production deployments that failed: status failure or error (a rollback reported as a failed deployment counts), or a successful deployment that was live when a production incident began within the incident window (DORA_INCIDENT_WINDOW_HOURS, 24 h by default) after it finished.",
  timeToRestore:
    "Median time from the start of a production incident to its resolution (Alertmanager, PagerDuty, the incidents API). A service without production incidents in the window falls back to the time from a failed production deployment to the next successful one.",
} as const;

const FAILED = new Set(["failure", "error"]);
const SUCCEEDED = new Set(["success", "inactive"]);
const HOUR = 3_600_000;
const DEFAULT_WINDOW_HOURS = 24;

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Monday (UTC) of the week a moment falls in, as YYYY-MM-DD. */
export function weekOf(at: Date): string {
  const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

const doneAt = (d: DoraDeployment) => (d.finishedAt ?? d.startedAt).getTime();
const round = (n: number | null, digits = 2) => (n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits);

/** One service's records, narrowed to the window and sorted. */
type ServiceRecords = { deployments: DoraDeployment[]; incidents: DoraIncident[] };

function inWindow(records: ServiceRecords, since: number): ServiceRecords {
  return {
    deployments: records.deployments
      .filter((d) => d.startedAt.getTime() >= since)
      .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime()),
    incidents: records.incidents.filter((i) => i.startedAt.getTime() >= since),
  };
}

/**
 * The successful deployments an incident points at: for each incident, the last successful deployment
 * started before it began (the one live then), when the incident began within `windowHours` of its end.
 */
function deploymentsFollowedByIncident(records: ServiceRecords, windowHours: number): Set<DoraDeployment> {
  const successes = records.deployments.filter((d) => SUCCEEDED.has(d.status));
  const blamed = new Set<DoraDeployment>();
  for (const incident of records.incidents) {
    const start = incident.startedAt.getTime();
    const live = successes.filter((d) => d.startedAt.getTime() <= start).at(-1);
    if (live && start - doneAt(live) <= windowHours * HOUR) blamed.add(live);
  }
  return blamed;
}

/** Hours to restore: from incidents when there are any, else failed deployment → next success. */
function restoreSamples(records: ServiceRecords): number[] {
  if (records.incidents.length > 0)
    return records.incidents
      .filter((i) => i.resolvedAt)
      .map((i) => (i.resolvedAt!.getTime() - i.startedAt.getTime()) / HOUR)
      .filter((h) => h >= 0);
  const successes = records.deployments.filter((d) => SUCCEEDED.has(d.status));
  const out: number[] = [];
  for (const failure of records.deployments.filter((d) => FAILED.has(d.status))) {
    const next = successes.find((s) => s.startedAt.getTime() > failure.startedAt.getTime());
    if (next) out.push((doneAt(next) - doneAt(failure)) / HOUR);
  }
  return out;
}

/** Figures over the services' records combined: counts add up; medians over every service's samples. */
function combine(services: ServiceRecords[], options: DoraOptions): DoraFigures {
  const since = options.now.getTime() - options.days * 86_400_000;
  const windowHours = options.incidentWindowHours ?? DEFAULT_WINDOW_HOURS;
  const narrowed = services.map((s) => inWindow(s, since));
  const deployments = narrowed.flatMap((s) => s.deployments);
  const successes = deployments.filter((d) => SUCCEEDED.has(d.status));
  const failures = deployments.filter((d) => FAILED.has(d.status));
  const blamed = new Set(narrowed.flatMap((s) => [...deploymentsFollowedByIncident(s, windowHours)]));
  const restores = narrowed.flatMap(restoreSamples);
  const anyIncidents = narrowed.some((s) => s.incidents.length > 0);
  const allIncidents = narrowed.length > 0 && narrowed.every((s) => s.incidents.length > 0);
  const leads = successes
    .filter((d) => d.firstCommitAt)
    .map((d) => (doneAt(d) - d.firstCommitAt!.getTime()) / HOUR)
    .filter((h) => h >= 0);
  const finished = successes.length + failures.length;

  const weeks = new Map<string, { deployments: number; failures: number }>();
  for (let t = since; t <= options.now.getTime(); t += 7 * 86_400_000)
    weeks.set(weekOf(new Date(t)), { deployments: 0, failures: 0 });
  for (const d of deployments) {
    const bucket = weeks.get(weekOf(d.startedAt)) ?? { deployments: 0, failures: 0 };
    if (SUCCEEDED.has(d.status)) bucket.deployments++;
    if (FAILED.has(d.status) || blamed.has(d)) bucket.failures++;
    weeks.set(weekOf(d.startedAt), bucket);
  }
  return {
    days: options.days,
    deployments: successes.length,
    deploymentsPerDay: round(successes.length / options.days, 3)!,
    leadTimeHours: round(median(leads), 1),
    leadTimeSamples: leads.length,
    changeFailureRate: finished ? round((failures.length + blamed.size) / finished, 3) : null,
    failedDeployments: failures.length,
    incidentFailures: blamed.size,
    timeToRestoreHours: round(median(restores), 1),
    timeToRestoreSamples: restores.length,
    incidentWindowHours: windowHours,
    sources: {
      deploymentFrequency: "deployments",
      leadTime: "deployments",
      changeFailureRate: anyIncidents ? "deployments and incidents" : "deployments",
      timeToRestore: allIncidents ? "incidents" : anyIncidents ? "deployments and incidents" : "deployments",
    },
    weekly: [...weeks.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([week, v]) => ({ week, ...v })),
  };
}

/** One service's figures (failures pair with that service's next success; incidents with its deployments). */
export function computeDora(
  deployments: DoraDeployment[],
  options: DoraOptions,
  incidents: DoraIncident[] = [],
): DoraFigures {
  return combine([{ deployments, incidents }], options);
}

/** A team's figures: per-service results combined (counts add up; medians over all samples). */
export function computeTeamDora(byService: ServiceRecords[], options: DoraOptions): DoraFigures {
  return combine(byService, options);
}
