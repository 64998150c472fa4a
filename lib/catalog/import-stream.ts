// A location import that parses while it writes, for real Postgres. The app and the database take
// turns within a request otherwise: a 500-document file was parsed whole, then written. Here the file
// is read in slices, and while the database writes one slice the app prepares the next (the database
// runs on another core): parses it, plans it (planning reads nothing), hashes and encodes its rows.
// The transaction's connection then only waits for the app between a slice's statements. A pool's
// transaction holds one connection, not the database, so slices share transactions of about
// TRANSACTION_MS, and the last one also records the outcome.
import { randomUUID } from "node:crypto";
import type { Db, DbOrTx } from "@/db/client";
import { claimLocation, releaseLocation, touchLocation, type LocationInput } from "./claim-location";
import type { Pace } from "./event-loop";
import {
  completeImport,
  type ImportResult,
  lockCatalogWrites,
  planDocuments,
  type PreparedPart,
  preparePart,
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
  const pending: DocumentResult[] = [];
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
    const prepare = async (documents: DocumentResult[]) =>
      preparePart(await planDocuments(plan, documents, options.pace), true);
    let prepared: PreparedPart | null = await prepare(pending);
    for (;;) {
      const result = await db.transaction(async (tx) => {
        await lockCatalogWrites(tx);
        await touchLocation(tx, location.id, importId);
        const started = performance.now();
        while (prepared) {
          const writing = writeEntities(tx, plan, prepared, now);
          writing.catch(() => {}); // awaited below; preparing meanwhile must not see it as unhandled
          const next = await read(SLICE);
          const nextPrepared = next.length > 0 ? await prepare(next) : null;
          await writing;
          prepared = nextPrepared;
          if (prepared && performance.now() - started > (options.transactionMs ?? TRANSACTION_MS)) return null;
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
