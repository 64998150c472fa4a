import { z } from "zod";
import { describe, expect, it } from "vitest";
import { readCursor, writeCursor } from "./cursor";
import { encodeTimeCursor, parseTimeCursor } from "./delivery/cursor";

describe("the one cursor codec", () => {
  const schema = z.tuple([z.string(), z.number().int()]);

  it("reads back what it wrote, through the list's schema", () => {
    expect(readCursor(schema, writeCursor(["a/b", 3]))).toEqual(["a/b", 3]);
    const at = "2026-04-01T10:00:00.000Z";
    expect(parseTimeCursor(encodeTimeCursor(at, 42))).toEqual({ at, id: 42 });
    expect(parseTimeCursor(undefined)).toBeNull();
  });

  it("refuses what it did not write with a 400 naming the cursor", () => {
    for (const bad of ["garbage!", "", writeCursor(["a/b"]), writeCursor({ o: 1 }), "%%%", "z".repeat(5000)])
      expect(() => readCursor(schema, bad)).toThrow(
        expect.objectContaining({
          code: "bad_request:cursor",
          details: [{ field: "cursor", message: "invalid cursor" }],
        }),
      );
    expect(() => parseTimeCursor(writeCursor(["yesterday", 1]))).toThrow(
      expect.objectContaining({ code: "bad_request:cursor" }),
    );
  });
});
