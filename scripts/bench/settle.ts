// After an import the server keeps working in the background: the relation lists' rebuild, VACUUM
// (ANALYZE) of the catalog's tables, the scorecard refresh. Figures taken meanwhile are those of a busy
// server (at 250,000 entities the lists alone are ~10 s of database work), so the HTTP benches wait
// for quiet first and print how long the background work took.
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { LONG_LISTS_QUIET_MS } from "@/lib/catalog/planner-stats";
import type { BenchServer } from "./http-server";

/** App CPU in a one-second sample above which the server counts as busy (5% of a core: its idle polling is less). */
const BUSY_APP_MS = 50;
/**
 * Quiet seconds in a row that end the wait: longer than the pause the long relation lists' rebuild
 * waits for (planner-stats.ts), which would otherwise start after the wait, in the middle of a measurement.
 */
const QUIET_SAMPLES = Math.ceil(LONG_LISTS_QUIET_MS / 1000) + 3;

export type Settled = { seconds: number; appCpuSeconds: number; quiet: boolean };

/**
 * Waits until the server's processes and (on real Postgres) its database's other sessions have been
 * idle for QUIET_SAMPLES seconds, or `maxSeconds` passed.
 */
export async function waitForQuiet(server: BenchServer, maxSeconds: number): Promise<Settled> {
  const started = performance.now();
  const cpuBefore = server.cpuMs();
  // The embedded database runs inside the server's processes: their CPU covers it.
  const database = server.driver === "postgres" ? await server.open() : null;
  let calm = 0;
  try {
    while (calm < QUIET_SAMPLES && performance.now() - started < maxSeconds * 1000) {
      const before = server.cpuMs();
      await sleep(1000);
      const appBusy = server.cpuMs() - before > BUSY_APP_MS;
      const [active] = database
        ? await queryRows<{ n: number }>(
            database.db,
            sql`select count(*)::int as n from pg_stat_activity
                where datname = current_database() and state = 'active' and pid <> pg_backend_pid()`,
          )
        : [{ n: 0 }];
      calm = appBusy || active.n > 0 ? 0 : calm + 1;
    }
  } finally {
    await database?.close();
  }
  return {
    seconds: (performance.now() - started) / 1000,
    appCpuSeconds: (server.cpuMs() - cpuBefore) / 1000,
    quiet: calm >= QUIET_SAMPLES,
  };
}
