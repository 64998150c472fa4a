import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, parseCursor } from "./cursor";

describe("page cursors", () => {
  it("round-trip an offset and a name key", () => {
    const after = { sort: "name" as const, name: "payment-gateway", ref: "component:default/payment-gateway" };
    expect(parseCursor(encodeCursor(50, after))).toEqual({ offset: 50, after });
    expect(parseCursor(encodeCursor(25))).toEqual({ offset: 25 });
    expect(decodeCursor(encodeCursor(75, after))).toBe(75);
    expect(parseCursor(undefined)).toEqual({ offset: 0 });
  });

  it("refuse cursors this API did not make, with a 400-style error", () => {
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    for (const bad of [
      "garbage!",
      forged({ o: -1 }),
      forged({ o: 1.5 }),
      forged({ o: 1, a: ["kind", "x", "y"] }),
      forged({ o: 1, a: "x" }),
    ]) {
      expect(() => parseCursor(bad)).toThrow(expect.objectContaining({ code: "bad_request:cursor" }));
    }
  });
});
