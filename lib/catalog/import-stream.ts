// A location import that parses while it writes, for real Postgres. The app and the database take
// turns within a request otherwise: a 500-document file was parsed whole, then written. Here the file
// is read in slices, and while the database writes one slice the app parses the next (the database
// runs on another core). A pool's transaction holds one connection, not the database, so slices share
// transactions of about TRANSACTION_MS, and the last one also records the outcome.
import { randomUUID } from "node:crypto";
import type { Db, DbOrTx } from "@/db/client";
import { claimLocation, releaseLocation, touchLocation, type LocationInput } from "./claim-location";
import type { Pace } from "./event-loop";
import {
  chunks,
  completeImport,
  type ImportPlan,
  type ImportResult,
  lockCatalogWrites,
  planDocuments,
  startPlan,
  writeEntities,
} from "./import-steps";
import type { LocationWriter } from "./location-rules";
import type { DocumentResult } from "./types";

/** Documents per slice: small enough that parsing and writing overlap, big enough to keep statements few. */
const SLICE = 100;
const TRANSACTION_MS = 250;

export type StreamImportOptions = {
  pace: Pace;
  /** How long one transaction writes before the next begins (TRANSACTION_MS). */
  transactionMs?: number;
  /** Called (and must throw) when the file has documents but none is valid, before anything is written. */
  refuse: (documents: DocumentResult[]) => never;
  /** Runs in the last transaction, e.g. to write the audit record with the outcome. */
  onFinish?: (tx: DbOrTx, result: ImportResult) => Promise<void>;
};

async function writeSlice(tx: DbOrTx, plan: ImportPlan, documents: DocumentResult[], now: Date): Promise<void> {
  const writes = await planDocuments(tx, plan, documents);
  for (const part of chunks(writes, 500)) await writeEntities(tx, plan, part, now, true);
}

/**
 * Replaces what one location holds, as `importLocation` does, reading documents with `read(n)`
 * (the next n, none at the end). Nothing is claimed before a valid document shows up, so a file
 * with no valid document never empties a location (`refuse` is called instead).
 */
export async function importLocationStreaming(
  db: Db,
  location: LocationInput,
  read: (size: number) => Promise<DocumentResult[]>,
  writer: LocationWriter,
  options: StreamImportOptions,
): Promise<ImportResult> {
  let pending: DocumentResult[] = [];
  for (;;) {
    const slice = await read(SLICE);
    pending.push(...slice);
    if (slice.some((d) => d.ok)) break;
    if (slice.length === 0) {
      if (pending.length > 0) options.refuse(pending);
      break;
    }
  }
  const now = new Date();
  const importId = randomUUID();
  const claim = await db.transaction((tx) => claimLocation(tx, location, writer, importId));
  try {
    const plan = await startPlan(db, location.id, options.pace);
    for (;;) {
      const result = await db.transaction(async (tx) => {
        await lockCatalogWrites(tx);
        await touchLocation(tx, location.id, importId);
        const started = performance.now();
        while (pending.length > 0) {
          const writing = writeSlice(tx, plan, pending, now);
          writing.catch(() => {}); // awaited below; parsing meanwhile must not see it as unhandled
          const next = await read(SLICE);
          await writing;
          pending = next;
          if (pending.length > 0 && performance.now() - started > (options.transactionMs ?? TRANSACTION_MS))
            return null;
        }
        const outcome = await completeImport(tx, plan, claim, now);
        await options.onFinish?.(tx, outcome);
        return outcome;
      });
      if (result) return result;
    }
  } catch (error) {
    await db.transaction((tx) => releaseLocation(tx, location.id, importId)).catch(() => {});
    throw error;
  }
}
