// What the platform team watches: the state of the catalog, the job queue, provisioning, health
// probes and GitHub sync, read from Postgres in a few aggregate queries. One snapshot feeds both the
// Prometheus endpoint (GET /api/v1/metrics) and Admin → System, so they can never disagree.
import { sql } from "drizzle-orm";
import { queryRows, type DbOrTx } from "@/db/client";
import { staleAfterSeconds } from "@/lib/health/health-rollup";
import { readProbeConfig } from "@/lib/health/probe-config";
import { heartbeatTimeoutMs } from "@/lib/provisioning/engine";

export type MetricsSnapshot = {
  at: string;
  catalog: { entitiesByKind: Record<string, number>; locationsWithErrors: number };
  /** Per queue: jobs by state, and how long the oldest waiting job has waited (null: none waiting). */
  jobs: { queue: string; waiting: number; active: number; failed: number; oldestWaitingSeconds: number | null }[];
  runs: {
    byStatus: Record<string, number>;
    /** Running, but no heartbeat for longer than the timeout: recovery should have taken them. */
    stuck: number;
    /** Over the runs finished in the last 24 hours. */
    finishedLastDay: number;
    durationP95Seconds: number | null;
    firstStepP95Seconds: number | null;
  };
  environments: { byStatus: Record<string, number>; previewsFailing: number };
  probes: { serviceEnvironments: number; failing: number; stale: number };
  github: {
    org: string;
    lastStatus: string;
    lastSuccessAt: string | null;
    lastSuccessAgeSeconds: number | null;
    rateLimitRemaining: number | null;
  }[];
};

const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));

async function countsBy(db: DbOrTx, query: ReturnType<typeof sql>): Promise<Record<string, number>> {
  const rows = await queryRows<{ key: string; n: number | string }>(db, query);
  return Object.fromEntries(rows.map((r) => [r.key, Number(r.n)]));
}

async function jobStats(db: DbOrTx): Promise<MetricsSnapshot["jobs"]> {
  // The queue's tables exist once a queue has started on this database.
  const [present] = await queryRows<{ ok: boolean }>(
    db,
    sql`select to_regclass('pgboss.queue') is not null and to_regclass('pgboss.job') is not null as ok`,
  );
  if (!present?.ok) return [];
  // Every queue, with or without jobs; pg-boss's own (__pgboss__*) are its business.
  const rows = await queryRows<{
    queue: string;
    waiting: string;
    active: string;
    failed: string;
    oldest: string | null;
  }>(
    db,
    sql`select q.name as queue,
               count(j.id) filter (where j.state in ('created', 'retry')) as waiting,
               count(j.id) filter (where j.state = 'active') as active,
               count(j.id) filter (where j.state = 'failed') as failed,
               extract(epoch from now() - min(j.created_on) filter (where j.state in ('created', 'retry') and j.start_after <= now())) as oldest
          from pgboss.queue q left join pgboss.job j on j.name = q.name
         where left(q.name, 10) <> '__pgboss__'
         group by q.name order by q.name`,
  );
  return rows.map((r) => ({
    queue: r.queue,
    waiting: Number(r.waiting),
    active: Number(r.active),
    failed: Number(r.failed),
    oldestWaitingSeconds: num(r.oldest),
  }));
}

export async function collectMetrics(db: DbOrTx): Promise<MetricsSnapshot> {
  const probeStaleSeconds = staleAfterSeconds(readProbeConfig().intervalSeconds);
  const [entitiesByKind, [locations], jobs, runsByStatus, [runs], environmentsByStatus, [previews], [probes], github] =
    await Promise.all([
      countsBy(db, sql`select kind as key, count(*) as n from entities group by kind`),
      queryRows<{ n: string }>(db, sql`select count(*) as n from locations where jsonb_array_length(last_errors) > 0`),
      jobStats(db),
      countsBy(db, sql`select status as key, count(*) as n from provisioning_runs group by status`),
      queryRows<{ stuck: string; finished: string; duration: string | null; first_step: string | null }>(
        db,
        sql`select
            (select count(*) from provisioning_runs where status = 'running' and heartbeat_at < now() - make_interval(secs => ${heartbeatTimeoutMs() / 1000})) as stuck,
            count(*) as finished,
            percentile_cont(0.95) within group (order by extract(epoch from finished_at - created_at)) as duration,
            percentile_cont(0.95) within group (order by extract(epoch from first_step_at - created_at)) filter (where first_step_at is not null) as first_step
          from provisioning_runs where finished_at > now() - interval '1 day'`,
      ),
      countsBy(db, sql`select status as key, count(*) as n from self_service_environments group by status`),
      queryRows<{ n: string }>(
        db,
        sql`select count(*) as n from self_service_environments where status = 'ready' and last_probe_ok = false`,
      ),
      queryRows<{ total: string; failing: string; stale: string }>(
        db,
        sql`select count(*) as total,
                 count(*) filter (where last_probe_ok = false) as failing,
                 count(*) filter (where last_probed_at < now() - make_interval(secs => ${probeStaleSeconds})) as stale
            from service_environments`,
      ),
      queryRows<{
        org: string;
        status: string;
        last_success: string | null;
        age: string | null;
        remaining: number | null;
      }>(
        db,
        sql`select distinct on (r.org) r.org, r.status,
                 s.finished_at as last_success, extract(epoch from now() - s.finished_at) as age, r.rate_limit_remaining as remaining
            from github_sync_runs r
            left join lateral (select finished_at from github_sync_runs x where x.org = r.org and x.status = 'succeeded' order by x.id desc limit 1) s on true
           order by r.org, r.id desc`,
      ),
    ]);
  return {
    at: new Date().toISOString(),
    catalog: { entitiesByKind, locationsWithErrors: Number(locations?.n ?? 0) },
    jobs,
    runs: {
      byStatus: runsByStatus,
      stuck: Number(runs?.stuck ?? 0),
      finishedLastDay: Number(runs?.finished ?? 0),
      durationP95Seconds: num(runs?.duration),
      firstStepP95Seconds: num(runs?.first_step),
    },
    environments: { byStatus: environmentsByStatus, previewsFailing: Number(previews?.n ?? 0) },
    probes: {
      serviceEnvironments: Number(probes?.total ?? 0),
      failing: Number(probes?.failing ?? 0),
      stale: Number(probes?.stale ?? 0),
    },
    github: github.map((g) => ({
      org: g.org,
      lastStatus: g.status,
      lastSuccessAt: g.last_success ? new Date(g.last_success).toISOString() : null,
      lastSuccessAgeSeconds: num(g.age),
      rateLimitRemaining: g.remaining,
    })),
  };
}
