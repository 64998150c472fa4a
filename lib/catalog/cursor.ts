import { z } from "zod";
import { readCursor, writeCursor } from "@/lib/cursor";

/**
 * A catalog page cursor: the offset (for numbering and "previous"), plus — for name-sorted lists —
 * the last row's sort key, so the next page is an index seek instead of skipping `offset` rows.
 */
export type Cursor = { offset: number; after?: { sort: "name" | "-name"; name: string; ref: string } };

const stored = z.object({
  o: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  a: z.tuple([z.enum(["name", "-name"]), z.string(), z.string()]).optional(),
});

export function parseCursor(cursor: string | undefined): Cursor {
  if (!cursor) return { offset: 0 };
  const { o, a } = readCursor(stored, cursor);
  return a ? { offset: o, after: { sort: a[0], name: a[1], ref: a[2] } } : { offset: o };
}

export function encodeCursor(offset: number, after?: Cursor["after"]): string {
  return writeCursor(after ? { o: offset, a: [after.sort, after.name, after.ref] } : { o: offset });
}

/** The offset a cursor stands for (page numbering, "previous" links). */
export function decodeCursor(cursor: string | undefined): number {
  return parseCursor(cursor).offset;
}
