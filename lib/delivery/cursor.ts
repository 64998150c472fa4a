import { AppError } from "@/lib/errors";

/** Keyset cursor over (time, id), newest first: deep pages stay an index seek. */
export type TimeCursor = { at: string; id: number };

export function encodeTimeCursor(at: Date | string, id: number): string {
  return Buffer.from(JSON.stringify([new Date(at).toISOString(), id])).toString("base64url");
}

export function parseTimeCursor(cursor: string | undefined): TimeCursor | null {
  if (!cursor) return null;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [unknown, unknown];
    if (typeof at === "string" && !Number.isNaN(Date.parse(at)) && Number.isSafeInteger(id))
      return { at, id: id as number };
  } catch {
    // fall through
  }
  throw new AppError("bad_request:delivery", "cursor is not one this API returned; start again without it.", [
    { field: "cursor", message: "invalid cursor" },
  ]);
}
