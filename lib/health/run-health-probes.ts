// The probe round: every environment whose health URL is due — service environments and ready
// self-service previews — each URL once (a lease keeps other workers off it), a bounded number at a
// time; results stored, the summary the roll-up reads updated.
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type DbOrTx } from "@/db/client";
import { loopbackPortRules, originRule, type AllowRule } from "@/lib/egress";
import type { ProbeConfig } from "./probe-config";
import { probeUrl, type ProbeResult } from "./probe-url";

type ServiceTarget = { kind: "service"; service_ref: string; name: string; probe_url: string };
/** local_ports: the loopback ports the preview's own steps started or published (local:process, containers), which its probes may reach. */
type PreviewTarget = { kind: "preview"; id: string; probe_url: string; local_ports: number[] | null };
type Target = ServiceTarget | PreviewTarget;
export type ProbeRoundSummary = {
  urls: number;
  probed: number;
  skipped: number;
  failed: number;
  /** Services one of whose environments changed state (first probe, failure or recovery): their health facts moved. */
  changedServices: string[];
};

/** Where an environment's health is read: its own health URL, the descriptor's annotation, or its URL. */
const PROBE_URL = sql`coalesce(se.health_url,
  e.body->'metadata'->'annotations'->>('portolan.dev/health-url.' || se.name),
  case when se.name in ('production', 'prod') then e.body->'metadata'->'annotations'->>'portolan.dev/health-url' end,
  se.url)`;

/** One service environment, to probe now whatever its last probe (a deployment just landed there). */
export type EnvironmentKey = { serviceRef: string; environment: string };

function serviceTargets(db: DbOrTx, where: SQL): Promise<Omit<ServiceTarget, "kind">[]> {
  return queryRows<Omit<ServiceTarget, "kind">>(
    db,
    sql`select se.service_ref, se.name, ${PROBE_URL} as probe_url
        from service_environments se left join entities e on e.ref = se.service_ref
        where ${where} and ${PROBE_URL} ~* '^https?://'
        order by se.last_probed_at nulls first limit 5000`,
  );
}

export async function dueProbeTargets(db: DbOrTx, intervalSeconds: number, now: Date): Promise<Target[]> {
  const dueBefore = new Date(now.getTime() - Math.max(1, intervalSeconds - 2) * 1000);
  const services = await serviceTargets(db, sql`(se.last_probed_at is null or se.last_probed_at < ${dueBefore})`);
  const previews = await queryRows<Omit<PreviewTarget, "kind">>(
    db,
    sql`select sse.id, coalesce(sse.health_url, sse.url) as probe_url,
          (select json_agg((s.resources->>(case when s.action = 'local:process' then 'port' else 'publicPort' end))::int) from provisioning_steps s
            where s.run_id = sse.run_id and s.phase = 'provision'
              and ((s.action = 'local:process' and jsonb_typeof(s.resources->'port') = 'number')
                or (s.action in ('container:run', 'compose:up') and jsonb_typeof(s.resources->'publicPort') = 'number'))) as local_ports
        from self_service_environments sse
        where status = 'ready' and coalesce(health_url, url) ~* '^https?://' and (last_probed_at is null or last_probed_at < ${dueBefore})
        order by last_probed_at nulls first limit 5000`,
  );
  return [
    ...services.map((t) => ({ kind: "service" as const, ...t })),
    ...previews.map((t) => ({ kind: "preview" as const, ...t })),
  ];
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

/** Stores one result; true when a service environment's state changed (its first probe, a failure or a recovery). */
async function store(db: DbOrTx, target: Target, result: ProbeResult): Promise<boolean> {
  // A preview keeps its latest result only; it lives hours, and its history is its run's log.
  if (target.kind === "preview") {
    await db.execute(
      sql`update self_service_environments set ${summaryUpdate(result)} where id = ${target.id} and status = 'ready'`,
    );
    return false;
  }
  return db.transaction(async (tx) => {
    const [before] = await queryRows<{ last_probe_ok: boolean | null }>(
      tx,
      sql`select last_probe_ok from service_environments where service_ref = ${target.service_ref} and name = ${target.name} for update`,
    );
    await tx.execute(sql`insert into health_probes (service_ref, environment, url, is_ok, status_code, latency_ms, error)
      values (${target.service_ref}, ${target.name}, ${target.probe_url}, ${result.isOk}, ${result.statusCode}, ${result.latencyMs}, ${result.error})`);
    await tx.execute(
      sql`update service_environments set ${summaryUpdate(result)} where service_ref = ${target.service_ref} and name = ${target.name}`,
    );
    // A week of history is what the page shows; keep a day more.
    await tx.execute(
      sql`delete from health_probes where service_ref = ${target.service_ref} and environment = ${target.name} and probed_at < now() - interval '8 days'`,
    );
    return before !== undefined && before.last_probe_ok !== result.isOk;
  });
}

/**
 * The portal's own URL (PORTOLAN_PUBLIC_URL, else NEXTAUTH_URL, else localhost:PORT): probes may
 * check the portal itself — the demo's environments report their health there — and nothing else
 * on its host. GET only, and all a probe keeps is a status and a latency.
 */
export function portalOriginRule(env: NodeJS.ProcessEnv = process.env): AllowRule | null {
  return originRule(env.PORTOLAN_PUBLIC_URL || env.NEXTAUTH_URL || `http://localhost:${env.PORT || 3000}`);
}

/** What a probe of this target may reach besides the public internet and PORTOLAN_EGRESS_ALLOW. */
function allowFor(target: Target, self: AllowRule | null): AllowRule[] {
  const ports = target.kind === "preview" ? (target.local_ports ?? []) : [];
  return [...(self ? [self] : []), ...loopbackPortRules(ports)];
}

export async function runHealthProbes(db: DbOrTx, config: ProbeConfig, now = new Date()): Promise<ProbeRoundSummary> {
  return probeTargets(db, config, await dueProbeTargets(db, config.intervalSeconds, now));
}

/**
 * Probes one service environment now, due or not: a deployment was just recorded there, and its
 * health should follow within seconds rather than at the next round. Nothing when it has no URL.
 */
export async function probeEnvironmentNow(
  db: DbOrTx,
  config: ProbeConfig,
  key: EnvironmentKey,
): Promise<ProbeRoundSummary> {
  const services = await serviceTargets(db, sql`se.service_ref = ${key.serviceRef} and se.name = ${key.environment}`);
  return probeTargets(
    db,
    config,
    services.map((t) => ({ kind: "service" as const, ...t })),
  );
}

async function probeTargets(db: DbOrTx, config: ProbeConfig, targets: Target[]): Promise<ProbeRoundSummary> {
  const self = portalOriginRule();
  // Targets that share a URL are probed once — per set of things they may reach (a preview's own port).
  const byUrl = new Map<string, Map<string, { allow: AllowRule[]; envs: Target[] }>>();
  for (const t of targets) {
    const allow = allowFor(t, self);
    const key = allow.map((r) => r.text).join(" ");
    const groups = byUrl.get(t.probe_url) ?? new Map<string, { allow: AllowRule[]; envs: Target[] }>();
    const group = groups.get(key) ?? { allow, envs: [] };
    group.envs.push(t);
    groups.set(key, group);
    byUrl.set(t.probe_url, groups);
  }
  const queue = [...byUrl.entries()];
  const summary: ProbeRoundSummary = { urls: queue.length, probed: 0, skipped: 0, failed: 0, changedServices: [] };
  const changed = new Set<string>();
  const leaseSeconds = Math.ceil(config.timeoutMs / 1000) + 5;
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [url, groups] = next;
      if (!(await takeLease(db, url, leaseSeconds))) {
        summary.skipped++;
        continue;
      }
      try {
        let failed = false;
        for (const { allow, envs } of groups.values()) {
          const result = await probeUrl(url, { ...config, egress: { allow } });
          for (const env of envs)
            if ((await store(db, env, result)) && env.kind === "service") changed.add(env.service_ref);
          failed ||= !result.isOk;
        }
        summary.probed++;
        if (failed) summary.failed++;
      } finally {
        await db.execute(sql`delete from health_probe_leases where url = ${url}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(config.concurrency, queue.length) }, worker));
  summary.changedServices = [...changed].sort();
  return summary;
}
