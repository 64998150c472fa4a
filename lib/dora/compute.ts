// DORA figures from production deployments. Pure: unit-tested; definitions live beside the maths.
export type DoraDeployment = { status: string; startedAt: Date; finishedAt: Date | null; firstCommitAt: Date | null };

export type DoraFigures = {
  days: number;
  deployments: number;
  /** Successful production deployments per day over the window. */
  deploymentsPerDay: number;
  /** Median hours from the change's first commit to its production deployment; null when unknown. */
  leadTimeHours: number | null;
  leadTimeSamples: number;
  /** Failed production deployments / all finished production deployments, 0..1; null with none. */
  changeFailureRate: number | null;
  /** Median hours from a failed production deployment to the next successful one; null with none restored. */
  timeToRestoreHours: number | null;
  weekly: { week: string; deployments: number; failures: number }[];
};

export const DORA_DEFINITIONS = {
  deploymentFrequency:
    "Successful deployments to production per day over the window (GitHub deployments later marked inactive count: they were live).",
  leadTime:
    "Median time from the first commit of a change to its successful production deployment. API deployments count when they carry firstCommitAt; GitHub deployments count when a compare of the deployed release with an earlier one has been fetched (Releases → compare), whose oldest commit is taken as the first. Other GitHub deployments are left out rather than guessed.",
  changeFailureRate:
    "Share of finished production deployments whose status is failure or error (a rollback reported as a failed deployment counts).",
  timeToRestore:
    "Median time from a failed production deployment to the next successful production deployment of the same service.",
} as const;

const FAILED = new Set(["failure", "error"]);
const SUCCEEDED = new Set(["success", "inactive"]);
const HOUR = 3_600_000;

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

/** `deployments` of one service (time to restore pairs failures with that service's next success). */
export function computeDora(deployments: DoraDeployment[], options: { days: number; now: Date }): DoraFigures {
  const since = options.now.getTime() - options.days * 86_400_000;
  const inWindow = deployments
    .filter((d) => d.startedAt.getTime() >= since)
    .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  const successes = inWindow.filter((d) => SUCCEEDED.has(d.status));
  const failures = inWindow.filter((d) => FAILED.has(d.status));
  const finished = successes.length + failures.length;
  const doneAt = (d: DoraDeployment) => (d.finishedAt ?? d.startedAt).getTime();

  const leads = successes
    .filter((d) => d.firstCommitAt)
    .map((d) => (doneAt(d) - d.firstCommitAt!.getTime()) / HOUR)
    .filter((h) => h >= 0);
  const restores: number[] = [];
  for (const failure of failures) {
    const next = successes.find((s) => s.startedAt.getTime() > failure.startedAt.getTime());
    if (next) restores.push((doneAt(next) - doneAt(failure)) / HOUR);
  }
  const weeks = new Map<string, { deployments: number; failures: number }>();
  for (let t = since; t <= options.now.getTime(); t += 7 * 86_400_000)
    weeks.set(weekOf(new Date(t)), { deployments: 0, failures: 0 });
  for (const d of inWindow) {
    const bucket = weeks.get(weekOf(d.startedAt)) ?? { deployments: 0, failures: 0 };
    if (SUCCEEDED.has(d.status)) bucket.deployments++;
    if (FAILED.has(d.status)) bucket.failures++;
    weeks.set(weekOf(d.startedAt), bucket);
  }
  const round = (n: number | null, digits = 2) => (n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits);
  return {
    days: options.days,
    deployments: successes.length,
    deploymentsPerDay: round(successes.length / options.days, 3)!,
    leadTimeHours: round(median(leads), 1),
    leadTimeSamples: leads.length,
    changeFailureRate: finished ? round(failures.length / finished, 3) : null,
    timeToRestoreHours: round(median(restores), 1),
    weekly: [...weeks.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([week, v]) => ({ week, ...v })),
  };
}

/** A team's figures: per-service results combined (counts add up; medians over all samples). */
export function computeTeamDora(byService: DoraDeployment[][], options: { days: number; now: Date }): DoraFigures {
  const all = byService.flat();
  const combined = computeDora(all, options);
  const restores: number[] = [];
  for (const list of byService) {
    const sorted = [...list]
      .filter((d) => d.startedAt.getTime() >= options.now.getTime() - options.days * 86_400_000)
      .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
    for (const failure of sorted.filter((d) => FAILED.has(d.status))) {
      const next = sorted.find((s) => SUCCEEDED.has(s.status) && s.startedAt > failure.startedAt);
      if (next)
        restores.push(
          ((next.finishedAt ?? next.startedAt).getTime() - (failure.finishedAt ?? failure.startedAt).getTime()) / HOUR,
        );
    }
  }
  const m = median(restores);
  return { ...combined, timeToRestoreHours: m === null ? null : Math.round(m * 10) / 10 };
}
