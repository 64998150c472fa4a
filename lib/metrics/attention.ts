// What in a metrics snapshot needs someone's attention, in words: the "nothing silently stale" list
// on Admin → System. Pure, so each rule is unit-tested.
import type { MetricsSnapshot } from "./snapshot";

export type Attention = { area: "queue" | "runs" | "github" | "probes" | "catalog" | "previews"; message: string };

export type AttentionOptions = {
  /** GITHUB_SYNC_INTERVAL as cron (see intervalToCron); a sync older than twice that is stale. */
  syncCron: string | null;
  /** A job waiting longer than this means no worker is taking that queue. */
  queueWaitSeconds?: number;
};

/** Minutes between runs of a cron expression of the shapes intervalToCron produces; null otherwise. */
export function cronMinutes(cron: string): number | null {
  const minutes = /^\*\/(\d+) \* \* \* \*$/.exec(cron);
  if (minutes) return Number(minutes[1]);
  const hours = /^0 \*\/(\d+) \* \* \*$/.exec(cron);
  if (hours) return Number(hours[1]) * 60;
  return cron === "0 0 * * *" ? 24 * 60 : null;
}

function ago(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 2 * 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 2 * 86400) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} days`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function needsAttention(snapshot: MetricsSnapshot, options: AttentionOptions): Attention[] {
  const out: Attention[] = [];
  const queueWait = options.queueWaitSeconds ?? 300;
  for (const job of snapshot.jobs) {
    if (job.oldestWaitingSeconds !== null && job.oldestWaitingSeconds > queueWait) {
      out.push({
        area: "queue",
        message: `${job.queue}: the oldest of ${plural(job.waiting, "waiting job")} has waited ${ago(job.oldestWaitingSeconds)}; is a worker running?`,
      });
    }
  }
  if (snapshot.runs.stuck > 0) {
    out.push({
      area: "runs",
      message: `${plural(snapshot.runs.stuck, "provisioning run")} without a heartbeat beyond the timeout; recovery runs every minute on a worker, is one running?`,
    });
  }
  const interval = options.syncCron ? cronMinutes(options.syncCron) : null;
  for (const org of snapshot.github) {
    if (org.lastStatus === "failed")
      out.push({ area: "github", message: `${org.org}: the last sync failed (Admin → GitHub says why).` });
    if (org.lastSuccessAgeSeconds === null)
      out.push({ area: "github", message: `${org.org}: no sync has succeeded yet.` });
    else if (interval !== null && org.lastSuccessAgeSeconds > interval * 120 + 300) {
      out.push({
        area: "github",
        message: `${org.org}: the last successful sync was ${ago(org.lastSuccessAgeSeconds)} ago (every ${interval} min expected); the catalog may be stale.`,
      });
    }
  }
  if (snapshot.probes.stale > 0)
    out.push({
      area: "probes",
      message: `${plural(snapshot.probes.stale, "environment")} not probed for over three intervals; is the health-probe job running?`,
    });
  if (snapshot.environments.previewsFailing > 0)
    out.push({
      area: "previews",
      message: `${plural(snapshot.environments.previewsFailing, "ready preview")} failing health probes.`,
    });
  if (snapshot.catalog.locationsWithErrors > 0)
    out.push({
      area: "catalog",
      message: `${plural(snapshot.catalog.locationsWithErrors, "catalog location")} with descriptor errors in the last import.`,
    });
  return out;
}
