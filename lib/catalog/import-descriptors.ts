import { hasConnectionPool, retryTransactionConflicts, type Db, type DbOrTx } from "@/db/client";
import { AppError } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/access/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { assertMayWrite, type LocationInput } from "./claim-location";
import { MAX_FILE_BYTES } from "./document-limits";
import { eventLoopPacer } from "./event-loop";
import type { ImportResult } from "./import-steps";
import { importLocation } from "./import-location";
import { noteCatalogChanges } from "./planner-stats";
import { sourceOfType } from "./location-rules";
import { importLocationStreaming } from "./import-stream";
import { descriptorReader, formatDocumentError, parseDescriptorsAsync } from "./parse-descriptors";
import { LOCATION_ID_PATTERN } from "./schemas";
import type { DocumentResult } from "./types";

export type ImportDescriptorsInput = {
  /** `type` names the way in: `api` (the REST API), or the system's own `seed`, `file`, `github`. */
  location: LocationInput;
  /** The descriptor file's text (YAML or JSON, one or more documents). */
  text: string;
  /** How messages name the source, e.g. a file path. */
  source: string;
  ip?: string | null;
};

export function assertLocationId(id: string | null | undefined): string {
  if (!id || !LOCATION_ID_PATTERN.test(id)) {
    throw new AppError(
      "bad_request:catalog",
      "Give the source a location id: ?location=<id>, 1-200 characters of letters, digits and . _ : / @ - (e.g. ?location=github.com/acme/payments).",
      [{ field: "location", message: "required: letters, digits and . _ : / @ -" }],
    );
  }
  return id;
}

/**
 * Parses a source's descriptor files and replaces what that location holds, if the actor may
 * (its owner or an admin; see location-rules.ts). Invalid documents are reported, the valid ones
 * land; a big file is read and written in slices so other requests keep being answered
 * (`transactionMs`: how long each transaction writes; the driver's default when absent).
 */
export async function importDescriptors(
  db: Db,
  actor: Actor,
  input: ImportDescriptorsInput,
  options: { transactionMs?: number } = {},
): Promise<ImportResult> {
  assertCan(actor, "catalog:write");
  assertLocationId(input.location.id);
  if (Buffer.byteLength(input.text) > MAX_FILE_BYTES) {
    throw new AppError(
      "bad_request:catalog",
      `${input.source} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB; split it into several files.`,
    );
  }
  const writer = { actor, source: sourceOfType(input.location.type) };
  // Say no before reading a big file when the answer is already no (the claim checks again).
  await assertMayWrite(db, input.location.id, writer);
  const pace = eventLoopPacer();
  const refuse = (documents: DocumentResult[]): never => {
    // Nothing usable: write nothing, so a broken file never empties a location.
    const details = documents.flatMap((d) =>
      d.ok ? [] : d.errors.map((e) => ({ index: d.index, ref: d.ref, field: e.field, message: e.message })),
    );
    throw new AppError(
      "unprocessable:catalog",
      `No valid document in ${input.source}; nothing was imported. First problem: ${formatDocumentError(input.source, documents[0])}`,
      details,
    );
  };
  const onFinish = (tx: DbOrTx, outcome: ImportResult) =>
    recordAudit(tx, actor, {
      action: "catalog.import",
      target: input.location.id,
      details: { ...outcome.counts },
      ip: input.ip,
    });
  const write = async (): Promise<ImportResult> => {
    if (hasConnectionPool(db)) {
      // Real Postgres: parse the next slice while the database writes the last one (import-stream.ts).
      const reader = descriptorReader(input.text, pace);
      return importLocationStreaming(db, input.location, reader.next, writer, {
        pace,
        refuse,
        onFinish,
        transactionMs: options.transactionMs,
      });
    }
    const { documents } = await parseDescriptorsAsync(input.text, input.source, pace);
    if (documents.length > 0 && documents.every((d) => !d.ok)) refuse(documents);
    return importLocation(db, input.location, documents, writer, {
      pace,
      onFinish,
      transactionMs: options.transactionMs,
    });
  };
  // Catalog writers take turns (lockCatalogWrites), but a transaction may still collide with another
  // writer and be undone as a deadlock. The import then replaces the location's content from the
  // start again: its claim was released, and what its committed transactions wrote is rewritten or
  // removed.
  const result = await retryTransactionConflicts(write, 5);
  noteCatalogChanges(db, result.counts.created + result.counts.updated + result.counts.removed);
  return result;
}
