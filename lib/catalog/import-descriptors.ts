import type { Db } from "@/db/client";
import { AppError } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/access/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { formatDocumentError, parseDescriptors } from "./parse-descriptors";
import { importEntities, type ImportResult, type LocationInput } from "./import-entities";

export const LOCATION_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/@-]{0,199}$/;
export const MAX_DESCRIPTOR_BYTES = 5 * 1024 * 1024;

export type ImportDescriptorsInput = {
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
 * Parses a source's descriptor files and replaces what that location holds, in one
 * transaction with its audit record. Invalid documents are reported, the valid ones land.
 */
export async function importDescriptors(db: Db, actor: Actor, input: ImportDescriptorsInput): Promise<ImportResult> {
  assertCan(actor, "catalog:write");
  assertLocationId(input.location.id);
  if (Buffer.byteLength(input.text) > MAX_DESCRIPTOR_BYTES) {
    throw new AppError("bad_request:catalog", `${input.source} is larger than 5 MiB; split it into several files.`);
  }
  const { documents } = parseDescriptors(input.text, input.source);
  if (documents.length > 0 && documents.every((d) => !d.ok)) {
    // Nothing usable: write nothing, so a broken file never empties a location.
    const details = documents.flatMap((d) =>
      d.ok ? [] : d.errors.map((e) => ({ index: d.index, ref: d.ref, field: e.field, message: e.message })),
    );
    throw new AppError(
      "unprocessable:catalog",
      `No valid document in ${input.source}; nothing was imported. First problem: ${formatDocumentError(input.source, documents[0])}`,
      details,
    );
  }
  return db.transaction(async (tx) => {
    const result = await importEntities(tx, input.location, documents);
    await recordAudit(tx, actor, {
      action: "catalog.import",
      target: input.location.id,
      details: { ...result.counts },
      ip: input.ip,
    });
    return result;
  });
}
