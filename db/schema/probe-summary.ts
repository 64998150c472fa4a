import { boolean, integer, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The latest health probe of an environment, kept on its row so the health roll-up
 * (lib/health/health-rollup.ts) needs no scan of probe history. Shared by service
 * environments and self-service previews; fresh column builders for each table.
 */
export function probeSummaryColumns() {
  return {
    lastProbedAt: timestamp("last_probed_at", { withTimezone: true }),
    lastProbeOk: boolean("last_probe_ok"),
    lastProbeError: text("last_probe_error"),
    lastProbeLatencyMs: integer("last_probe_latency_ms"),
    /** Consecutive failed probes. */
    probeFailures: integer("probe_failures").notNull().default(0),
    failingSince: timestamp("failing_since", { withTimezone: true }),
  };
}
