// The snapshot in Prometheus's text exposition format (version 0.0.4), for GET /api/v1/metrics.
import type { MetricsSnapshot } from "./snapshot";

type Sample = { labels?: Record<string, string>; value: number | null };
type Family = { name: string; help: string; samples: Sample[] };

const escapeLabel = (value: string) => value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');

function render(families: Family[]): string {
  const lines: string[] = [];
  for (const family of families) {
    const samples = family.samples.filter((s) => s.value !== null && Number.isFinite(s.value));
    if (!samples.length) continue;
    lines.push(`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} gauge`);
    for (const sample of samples) {
      const labels = Object.entries(sample.labels ?? {});
      const text = labels.length ? `{${labels.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(",")}}` : "";
      lines.push(`${family.name}${text} ${sample.value}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

const byLabel = (label: string, counts: Record<string, number>): Sample[] =>
  Object.entries(counts).map(([key, value]) => ({ labels: { [label]: key }, value }));

export function toPrometheus(snapshot: MetricsSnapshot): string {
  return render([
    {
      name: "portolan_catalog_entities",
      help: "Catalog entities by kind.",
      samples: byLabel("kind", snapshot.catalog.entitiesByKind),
    },
    {
      name: "portolan_catalog_locations_with_errors",
      help: "Catalog locations whose last import reported descriptor errors.",
      samples: [{ value: snapshot.catalog.locationsWithErrors }],
    },
    {
      name: "portolan_jobs",
      help: "Jobs in the queue by queue and state (waiting = created or retry).",
      samples: snapshot.jobs.flatMap((j) => [
        { labels: { queue: j.queue, state: "waiting" }, value: j.waiting },
        { labels: { queue: j.queue, state: "active" }, value: j.active },
        { labels: { queue: j.queue, state: "failed" }, value: j.failed },
      ]),
    },
    {
      name: "portolan_jobs_oldest_waiting_seconds",
      help: "Age of the oldest job waiting to be taken, by queue.",
      samples: snapshot.jobs.map((j) => ({ labels: { queue: j.queue }, value: j.oldestWaitingSeconds ?? 0 })),
    },
    {
      name: "portolan_provisioning_runs",
      help: "Provisioning runs by status.",
      samples: byLabel("status", snapshot.runs.byStatus),
    },
    {
      name: "portolan_provisioning_runs_stuck",
      help: "Running runs with no heartbeat beyond the timeout.",
      samples: [{ value: snapshot.runs.stuck }],
    },
    {
      name: "portolan_provisioning_runs_finished_24h",
      help: "Runs finished in the last 24 hours.",
      samples: [{ value: snapshot.runs.finishedLastDay }],
    },
    {
      name: "portolan_provisioning_run_duration_p95_seconds",
      help: "p95 of request to end over runs finished in the last 24 hours.",
      samples: [{ value: snapshot.runs.durationP95Seconds }],
    },
    {
      name: "portolan_provisioning_first_step_p95_seconds",
      help: "p95 of request to first step over runs finished in the last 24 hours.",
      samples: [{ value: snapshot.runs.firstStepP95Seconds }],
    },
    {
      name: "portolan_environments",
      help: "Self-service environments by status.",
      samples: byLabel("status", snapshot.environments.byStatus),
    },
    {
      name: "portolan_previews_failing",
      help: "Ready self-service environments whose latest health probe failed.",
      samples: [{ value: snapshot.environments.previewsFailing }],
    },
    {
      name: "portolan_service_environments",
      help: "Service environments known from deployments.",
      samples: [{ value: snapshot.probes.serviceEnvironments }],
    },
    {
      name: "portolan_service_environments_failing",
      help: "Service environments whose latest health probe failed.",
      samples: [{ value: snapshot.probes.failing }],
    },
    {
      name: "portolan_service_environments_probe_stale",
      help: "Service environments not probed for over three probe intervals.",
      samples: [{ value: snapshot.probes.stale }],
    },
    {
      name: "portolan_github_last_success_age_seconds",
      help: "Seconds since the last successful GitHub sync, by organisation.",
      samples: snapshot.github.map((g) => ({ labels: { org: g.org }, value: g.lastSuccessAgeSeconds })),
    },
    {
      name: "portolan_github_rate_limit_remaining",
      help: "GitHub API requests left after the latest sync, by organisation.",
      samples: snapshot.github.map((g) => ({ labels: { org: g.org }, value: g.rateLimitRemaining })),
    },
  ]);
}
