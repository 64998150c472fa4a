import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { provisioningSteps } from "@/db/schema";

/**
 * The loopback ports this run's own local:process steps started: the one exception the egress
 * policy makes for a run (its wait:health), so the portal's local previews keep working.
 */
export async function localProcessPorts(db: DbOrTx, runId: string): Promise<number[]> {
  const rows = await db
    .select({ resources: provisioningSteps.resources })
    .from(provisioningSteps)
    .where(
      and(
        eq(provisioningSteps.runId, runId),
        eq(provisioningSteps.phase, "provision"),
        eq(provisioningSteps.action, "local:process"),
      ),
    );
  return rows.map((r) => r.resources?.port).filter((p): p is number => Number.isInteger(p));
}
