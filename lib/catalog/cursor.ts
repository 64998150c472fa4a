import { AppError } from "@/lib/errors";

/**
 * A page cursor: the offset (for numbering and "previous"), plus — for name-sorted lists — the
 * last row's sort key, so the next page is an index seek instead of skipping `offset` rows.
 */
export type Cursor = { offset: number; after?: { sort: "name" | "-name"; name: string; ref: string } };

function invalid(): AppError {
  return new AppError("bad_request:catalog", "cursor is not one this API returned; start again without it.", [
    { field: "cursor", message: "invalid cursor" },
  ]);
}

export function parseCursor(cursor: string | undefined): Cursor {
  if (!cursor) return { offset: 0 };
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  const { o, a } = (value ?? {}) as { o?: unknown; a?: unknown };
  if (!Number.isSafeInteger(o) || (o as number) < 0) throw invalid();
  if (a === undefined) return { offset: o as number };
  const isKey =
    Array.isArray(a) &&
    a.length === 3 &&
    (a[0] === "name" || a[0] === "-name") &&
    typeof a[1] === "string" &&
    typeof a[2] === "string";
  if (!isKey) throw invalid();
  return { offset: o as number, after: { sort: a[0], name: a[1], ref: a[2] } };
}

export function encodeCursor(offset: number, after?: Cursor["after"]): string {
  const value = after ? { o: offset, a: [after.sort, after.name, after.ref] } : { o: offset };
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** The offset a cursor stands for (page numbering, "previous" links). */
export function decodeCursor(cursor: string | undefined): number {
  return parseCursor(cursor).offset;
}
