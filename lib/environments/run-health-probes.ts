// The probe round: every environment whose health URL is due — service environments and ready
// self-service previews — each URL once (a lease keeps other workers off it), a bounded number at a
// time; results stored, the summary the roll-up reads updated.
import { sql } from "drizzle-orm";
import { queryRows, type DbOrTx } from "@/db/client";
import type { ProbeConfig } from "./probe-config";
import { probeUrl, type ProbeResult } from "./probe-url";

type ServiceTarget = { kind: "service"; service_ref: string; name: string; probe_url: string };
type PreviewTarget = { kind: "preview"; id: string; probe_url: string };
type Target = ServiceTarget | PreviewTarget;
export type ProbeRoundSummary = { urls: number; probed: number; skipped: number; failed: number };

/** Where an environment's health is read: its own health URL, the descriptor's annotation, or its URL. */
const PROBE_URL = sql`coalesce(se.health_url,
  e.body->'metadata'->'annotations'->>('portolan.dev/health-url.' || se.name),
  case when se.name in ('production', 'prod') then e.body->'metadata'->'annotations'->>'portolan.dev/health-url' end,
  se.url)`;

export async function dueProbeTargets(db: DbOrTx, intervalSeconds: number, now: Date): Promise<Target[]> {
  const dueBefore = new Date(now.getTime() - Math.max(1, intervalSeconds - 2) * 1000);
  const services = await queryRows<Omit<ServiceTarget, "kind">>(
    db,
    sql`select se.service_ref, se.name, ${PROBE_URL} as probe_url
        from service_environments se left join entities e on e.ref = se.service_ref
        where (se.last_probed_at is null or se.last_probed_at < ${dueBefore}) and ${PROBE_URL} ~* '^https?://'
        order by se.last_probed_at nulls first limit 5000`,
  );
  const previews = await queryRows<Omit<PreviewTarget, "kind">>(
    db,
    sql`select id, coalesce(health_url, url) as probe_url from self_service_environments
        where status = 'ready' and coalesce(health_url, url) ~* '^https?://' and (last_probed_at is null or last_probed_at < ${dueBefore})
        order by last_probed_at nulls first limit 5000`,
  );
  return [...services.map((t) => ({ kind: "service" as const, ...t })), ...previews.map((t) => ({ kind: "preview" as const, ...t }))];
}

async function takeLease(db: DbOrTx, url: string, seconds: number): Promise<boolean> {
  const rows = await queryRows<{ url: string }>(
    db,
    sql`insert into health_probe_leases (url, leased_until) values (${url}, now() + make_interval(secs => ${seconds}))
        on conflict (url) do update set leased_until = excluded.leased_until where health_probe_leases.leased_until < now()
        returning url`,
  );
  return rows.length > 0;
}

/** The probe summary columns both kinds of environment keep (health-rollup.ts reads them). */
function summaryUpdate(result: ProbeResult) {
  return sql`last_probed_at = now(), last_probe_ok = ${result.isOk}, last_probe_error = ${result.error}, last_probe_latency_ms = ${result.latencyMs},
    probe_failures = case when ${result.isOk} then 0 else probe_failures + 1 end,
    failing_since = case when ${result.isOk} then null else coalesce(failing_since, now()) end`;
}

async function store(db: DbOrTx, target: Target, result: ProbeResult): Promise<void> {
  // A preview keeps its latest result only; it lives hours, and its history is its run's log.
  if (target.kind === "preview") {
    await db.execute(sql`update self_service_environments set ${summaryUpdate(result)} where id = ${target.id} and status = 'ready'`);
    return;
  }
  await db.transaction(async (tx) => {
    await tx.execute(sql`insert into health_probes (service_ref, environment, url, is_ok, status_code, latency_ms, error)
      values (${target.service_ref}, ${target.name}, ${target.probe_url}, ${result.isOk}, ${result.statusCode}, ${result.latencyMs}, ${result.error})`);
    await tx.execute(sql`update service_environments set ${summaryUpdate(result)} where service_ref = ${target.service_ref} and name = ${target.name}`);
    // A week of history is what the page shows; keep a day more.
    await tx.execute(sql`delete from health_probes where service_ref = ${target.service_ref} and environment = ${target.name} and probed_at < now() - interval '8 days'`);
  });
}

export async function runHealthProbes(db: DbOrTx, config: ProbeConfig, now = new Date()): Promise<ProbeRoundSummary> {
  const targets = await dueProbeTargets(db, config.intervalSeconds, now);
  const byUrl = new Map<string, Target[]>();
  for (const t of targets) byUrl.set(t.probe_url, [...(byUrl.get(t.probe_url) ?? []), t]);
  const queue = [...byUrl.entries()];
  const summary: ProbeRoundSummary = { urls: queue.length, probed: 0, skipped: 0, failed: 0 };
  const leaseSeconds = Math.ceil(config.timeoutMs / 1000) + 5;
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [url, envs] = next;
      if (!(await takeLease(db, url, leaseSeconds))) {
        summary.skipped++;
        continue;
      }
      try {
        const result = await probeUrl(url, config);
        for (const env of envs) await store(db, env, result);
        summary.probed++;
        if (!result.isOk) summary.failed++;
      } finally {
        await db.execute(sql`delete from health_probe_leases where url = ${url}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(config.concurrency, queue.length) }, worker));
  return summary;
}
