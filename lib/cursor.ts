// Page cursors, one codec for every list: a JSON value in base64url, opaque to callers, read back
// through the list's own zod schema — so a cursor this API did not make is a 400 saying what to do,
// never a query built from someone else's input. Each list decides what its cursor holds (an
// offset and a name key, a time and an id, the last id); none invents another encoding.
import type { z } from "zod";
import { AppError } from "@/lib/errors";

export function writeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export function readCursor<S extends z.ZodType>(schema: S, cursor: string): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor();
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidCursor();
  return parsed.data;
}

function invalidCursor(): AppError {
  return new AppError("bad_request:cursor", "cursor is not one this API returned; start again without it.", [
    { field: "cursor", message: "invalid cursor" },
  ]);
}
