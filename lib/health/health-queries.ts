import { sql } from "drizzle-orm";
import { queryRows, type DbOrTx } from "@/db/client";

export type HealthHistory = {
  uptime24h: number | null;
  uptime7d: number | null;
  latency: { at: string; ms: number | null; ok: boolean }[];
};

/** Uptime over 24 h and 7 d (share of passing probes) and the last probes' latency, for one environment. */
export async function healthHistory(
  db: DbOrTx,
  serviceRef: string,
  environment: string,
  points = 40,
): Promise<HealthHistory> {
  const [uptime] = await queryRows<{ d1: string | null; d7: string | null }>(
    db,
    sql`select avg(case when is_ok then 1.0 else 0 end) filter (where probed_at > now() - interval '24 hours') as d1,
               avg(case when is_ok then 1.0 else 0 end) as d7
        from health_probes where service_ref = ${serviceRef} and environment = ${environment} and probed_at > now() - interval '7 days'`,
  );
  const recent = await queryRows<{ probed_at: string | Date; latency_ms: number | null; is_ok: boolean }>(
    db,
    sql`select probed_at, latency_ms, is_ok from health_probes where service_ref = ${serviceRef} and environment = ${environment}
        order by probed_at desc nulls last limit ${points}`,
  );
  const pct = (v: string | null) => (v === null ? null : Math.round(Number(v) * 10000) / 100);
  return {
    uptime24h: pct(uptime?.d1 ?? null),
    uptime7d: pct(uptime?.d7 ?? null),
    latency: recent.reverse().map((r) => ({ at: new Date(r.probed_at).toISOString(), ms: r.latency_ms, ok: r.is_ok })),
  };
}
