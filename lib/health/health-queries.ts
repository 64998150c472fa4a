import { sql } from "drizzle-orm";
import { queryRows, sqlTextArray, type DbOrTx } from "@/db/client";

export type HealthHistory = {
  uptime24h: number | null;
  uptime7d: number | null;
  latency: { at: string; ms: number | null; ok: boolean }[];
};

/**
 * Uptime over 24 h and 7 d (share of passing probes) and the last probes' latency of some of a
 * service's environments, in their order. One statement for all of them, two index ranges per
 * environment (health_probes_env_idx): a page with N environments does not wait on 2N round trips.
 */
export async function healthHistories(
  db: DbOrTx,
  serviceRef: string,
  environments: string[],
  points = 40,
): Promise<HealthHistory[]> {
  if (environments.length === 0) return [];
  const rows = await queryRows<{
    position: number | string;
    d1: string | null;
    d7: string | null;
    probed_at: string | Date | null;
    latency_ms: number | null;
    is_ok: boolean | null;
  }>(
    db,
    sql`select env.position, uptime.d1, uptime.d7, recent.probed_at, recent.latency_ms, recent.is_ok
        from unnest(${sqlTextArray(environments)}) with ordinality as env(name, position)
        cross join lateral (
          select avg(case when is_ok then 1.0 else 0 end) filter (where probed_at > now() - interval '24 hours') as d1,
                 avg(case when is_ok then 1.0 else 0 end) as d7
          from health_probes where service_ref = ${serviceRef} and environment = env.name and probed_at > now() - interval '7 days') uptime
        left join lateral (
          select probed_at, latency_ms, is_ok from health_probes where service_ref = ${serviceRef} and environment = env.name
          order by probed_at desc nulls last limit ${points}) recent on true
        order by env.position, recent.probed_at`,
  );
  const pct = (v: string | null) => (v === null ? null : Math.round(Number(v) * 10000) / 100);
  const histories = environments.map((): HealthHistory => ({ uptime24h: null, uptime7d: null, latency: [] }));
  for (const r of rows) {
    const history = histories[Number(r.position) - 1];
    history.uptime24h = pct(r.d1);
    history.uptime7d = pct(r.d7);
    if (r.probed_at !== null)
      history.latency.push({ at: new Date(r.probed_at).toISOString(), ms: r.latency_ms, ok: r.is_ok === true });
  }
  return histories;
}
