import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { provisioningSteps } from "@/db/schema";

/**
 * The loopback ports this run's own steps started (local:process) or published (container:run,
 * compose:up on 127.0.0.1): the one exception the egress policy makes for a run (its wait:health),
 * so the portal's own previews keep working.
 */
export async function localProcessPorts(db: DbOrTx, runId: string): Promise<number[]> {
  const rows = await db
    .select({ action: provisioningSteps.action, resources: provisioningSteps.resources })
    .from(provisioningSteps)
    .where(
      and(
        eq(provisioningSteps.runId, runId),
        eq(provisioningSteps.phase, "provision"),
        inArray(provisioningSteps.action, ["local:process", "container:run", "compose:up"]),
      ),
    );
  return rows
    .map((r) => (r.action === "local:process" ? r.resources?.port : r.resources?.publicPort))
    .filter((p): p is number => Number.isInteger(p));
}
