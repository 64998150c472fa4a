import { z } from "zod";
import { readCursor, writeCursor } from "@/lib/cursor";

/** Keyset cursor over (time, id), newest first: deep pages stay an index seek. */
export type TimeCursor = { at: string; id: number };

const stored = z.tuple([z.iso.datetime(), z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)]);

export function encodeTimeCursor(at: Date | string, id: number): string {
  return writeCursor([new Date(at).toISOString(), id]);
}

export function parseTimeCursor(cursor: string | undefined): TimeCursor | null {
  if (!cursor) return null;
  const [at, id] = readCursor(stored, cursor);
  return { at, id };
}
