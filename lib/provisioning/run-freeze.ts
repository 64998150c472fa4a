// The freeze check a run makes before it acts on an environment: when it starts (the engine, for an
// action run on an environment) and when its deployment step runs (portolan:record-deployment). A
// freeze window — one-off, or an occurrence of a repeating one — holding the service × environment
// now stops it, unless an admin overrode a freeze for it (action_runs.override_reason). The request
// was refused if one held then, so a window found here began after the request (approved inside it,
// say). The same rule as at request time (lib/freezes/holding.ts).
import { sql } from "drizzle-orm";
import { queryRows, type DbOrTx } from "@/db/client";
import { freezeHolding } from "@/lib/freezes/holding";

/**
 * Why the run may not act now, or null. `target`: the service × environment the step acts on;
 * without it, the one the run's action_runs row names (none: nothing to check).
 */
export async function runFreezeProblem(
  db: DbOrTx,
  runId: string,
  target?: { service: string; environment: string },
): Promise<string | null> {
  const [row] = await queryRows<{ environment: string; service_ref: string; override_reason: string | null }>(
    db,
    sql`select environment, service_ref, override_reason from action_runs where run_id = ${runId}`,
  );
  if (row?.override_reason) return null;
  const where = target ?? (row ? { service: row.service_ref, environment: row.environment } : null);
  if (!where?.environment) return null;
  const freeze = await freezeHolding(db, where);
  if (!freeze) return null;
  return `${where.environment} is frozen until ${freeze.endsAt.toISOString()} (${freeze.reason}); request it again after the window, or an admin may with an override reason`;
}
