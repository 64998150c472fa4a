// The freeze window holding a deploy to a service × environment now (one-off windows and occurrences
// of repeating ones): asked by release actions when a run is requested and by the deployment step
// when it starts, so both apply one rule.
import { gt } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { freezeWindows } from "@/db/schema";
import { activeFreeze } from "./windows";

export async function freezeHolding(db: DbOrTx, target: { service: string; environment: string }, now = new Date()) {
  const windows = await db.select().from(freezeWindows).where(gt(freezeWindows.endsAt, now));
  return activeFreeze(windows, target, now);
}
