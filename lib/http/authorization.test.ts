import { describe, expect, it } from "vitest";
import { tokenFromHeader } from "./authorization";

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

describe("tokenFromHeader", () => {
  it("reads a bearer token, or a token sent as basic auth's password", () => {
    expect(tokenFromHeader("Bearer ptl_abc")).toBe("ptl_abc");
    expect(tokenFromHeader("bearer ptl_abc")).toBe("ptl_abc");
    expect(tokenFromHeader(basic("alertmanager", "ptl_abc"))).toBe("ptl_abc");
    expect(tokenFromHeader(basic("", "ptl:with:colons"))).toBe("ptl:with:colons");
  });

  it("finds nothing in other schemes or an empty password", () => {
    expect(tokenFromHeader("Token token=abc")).toBeNull();
    expect(tokenFromHeader("Bearer")).toBeNull();
    expect(tokenFromHeader(basic("alertmanager", ""))).toBeNull();
    expect(tokenFromHeader("Basic not base64!")).toBeNull();
  });
});
