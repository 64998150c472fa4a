// A location import in many short transactions, so a 10 MB import never holds the database for
// long. On the embedded database there is one connection: a transaction makes every other request
// wait for its COMMIT, so each one here is sized to take about `transactionMs`, and the next is
// queued behind whatever arrived meanwhile.
import { randomUUID } from "node:crypto";
import { hasConnectionPool, type Db, type DbOrTx } from "@/db/client";
import { claimLocation, releaseLocation, touchLocation, type LocationInput } from "./claim-location";
import { eventLoopPacer, type Pace } from "./event-loop";
import {
  finishImport,
  type ImportResult,
  planImport,
  preparePart,
  removeEntities,
  staleRefs,
  touchEntities,
  writeEntities,
} from "./import-steps";
import type { LocationWriter } from "./location-rules";
import type { DocumentResult } from "./types";

export type ImportLocationOptions = {
  pace?: Pace;
  /** How long one transaction should take; part sizes adapt to the speed measured so far. */
  transactionMs?: number;
  /** Runs in the last transaction, e.g. to write the audit record with the outcome. */
  onFinish?: (tx: DbOrTx, result: ImportResult) => Promise<void>;
};

/** Part sizes that converge on a target duration per transaction. */
function partSizer(targetMs: number, first: number, max: number) {
  let size = first;
  return {
    next: () => size,
    record(items: number, elapsedMs: number) {
      const ideal = (targetMs / Math.max(elapsedMs, 0.1)) * items;
      size = Math.max(1, Math.min(max, Math.round((size + ideal) / 2)));
    },
  };
}

async function inParts<T>(
  items: T[],
  targetMs: number,
  max: number,
  pace: Pace,
  run: (part: T[]) => Promise<void>,
  first = Math.min(50, max),
): Promise<void> {
  const sizer = partSizer(targetMs, first, max);
  for (let i = 0; i < items.length;) {
    const part = items.slice(i, i + sizer.next());
    const started = performance.now();
    await run(part);
    sizer.record(part.length, performance.now() - started);
    i += part.length;
    await pace();
  }
}

/**
 * Replaces what one location holds, as `importEntities` does, but in parts: claim the location
 * (ownership checked, held against concurrent imports), write changed entities, touch unchanged
 * ones, then remove the vanished ones and record the outcome last. Readers may see the import half
 * done (new entities before old ones are removed), never a location emptied by a broken file: the
 * caller refuses a file with no valid document before calling this. If this fails midway, what was
 * written stays and the next import of the location completes it.
 */
export async function importLocation(
  db: Db,
  location: LocationInput,
  documents: DocumentResult[],
  writer: LocationWriter,
  options: ImportLocationOptions = {},
): Promise<ImportResult> {
  const pace = options.pace ?? eventLoopPacer();
  // On a pool a transaction holds one connection, not the database: parts of a whole API batch (500)
  // cost one statement each instead of ten short transactions. The embedded database keeps them short.
  const pooled = hasConnectionPool(db);
  const targetMs = options.transactionMs ?? (pooled ? 250 : 25);
  const maxWrite = pooled ? 500 : 200;
  const now = new Date();
  const importId = randomUUID();
  const claim = await db.transaction((tx) => claimLocation(tx, location, writer, importId));
  try {
    const plan = await planImport(db, location.id, documents, pace);
    const held = async (tx: DbOrTx) => touchLocation(tx, location.id, importId);
    // Building a statement is CPU in this process even when the database is elsewhere: cap the parts.
    await inParts(
      plan.toWrite,
      targetMs,
      maxWrite,
      pace,
      (part) =>
        db.transaction(async (tx) => {
          await held(tx);
          await writeEntities(tx, plan, preparePart(part, pooled), now);
        }),
      pooled ? maxWrite : undefined,
    );
    await inParts(plan.unchanged, targetMs, 2000, pace, (part) =>
      db.transaction(async (tx) => {
        await held(tx);
        await touchEntities(tx, plan, part, now);
      }),
    );
    const stale = staleRefs(plan);
    await inParts(stale, targetMs, 2000, pace, (part) =>
      db.transaction(async (tx) => {
        await held(tx);
        await removeEntities(tx, plan, part);
      }),
    );
    return await db.transaction(async (tx) => {
      const result = await finishImport(tx, plan, claim, stale, now);
      await options.onFinish?.(tx, result);
      return result;
    });
  } catch (error) {
    await db.transaction((tx) => releaseLocation(tx, location.id, importId)).catch(() => {});
    throw error;
  }
}
