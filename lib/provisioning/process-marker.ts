// What a process started by local:process carries in its environment: this portal, its run and step,
// so a restarted portal can tell its own processes (reconcile-local-processes.ts) from anyone else's.
import type { Database, DbOrTx } from "@/db/client";
import { portalInstance } from "@/db/schema";

export const MARKER = { instance: "PORTOLAN_INSTANCE", run: "PORTOLAN_RUN_ID", step: "PORTOLAN_STEP_ID" } as const;

/** This portal's identity (made once per database). */
export async function portalInstanceId(db: DbOrTx): Promise<string> {
  await db.insert(portalInstance).values({ singleton: true }).onConflictDoNothing();
  const [row] = await db.select({ id: portalInstance.id }).from(portalInstance);
  return row.id;
}

/** The environment variables a process started for a run's step carries. */
export async function processMarker(
  database: Database,
  runId: string,
  stepId: string,
): Promise<Record<string, string>> {
  return { [MARKER.instance]: await portalInstanceId(database.db), [MARKER.run]: runId, [MARKER.step]: stepId };
}
