import { describe, expect, it } from "vitest";
import { hashPassword, passwordProblem, verifyAgainstDummy, verifyPassword } from "./passwords";

describe("passwords", () => {
  it("hashes with a fresh salt and verifies only the same password", async () => {
    const a = await hashPassword("correct horse battery");
    const b = await hashPassword("correct horse battery");
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("correct");
    expect(await verifyPassword("correct horse battery", a)).toBe(true);
    expect(await verifyPassword("correct horse batterY", a)).toBe(false);
    expect(await verifyPassword("", a)).toBe(false);
  });

  it("normalises Unicode so the same password typed differently still matches", async () => {
    const composed = await hashPassword("pässwörd-lång-1");
    expect(await verifyPassword("pa\u0308sswo\u0308rd-la\u030Ang-1", composed)).toBe(true);
  });

  it("never matches a malformed or tampered stored hash", async () => {
    const good = await hashPassword("correct horse battery");
    const parts = good.split("$");
    expect(await verifyPassword("correct horse battery", "")).toBe(false);
    expect(await verifyPassword("correct horse battery", "plain-text")).toBe(false);
    expect(
      await verifyPassword("correct horse battery", [...parts.slice(0, 1), "1073741824", ...parts.slice(2)].join("$")),
    ).toBe(false);
    expect(await verifyPassword("correct horse battery", [...parts.slice(0, 5), "AAAA"].join("$"))).toBe(false);
  });

  it("asks for length, not composition", () => {
    expect(passwordProblem("short")).toMatch(/at least 12/);
    expect(passwordProblem("x".repeat(300))).toMatch(/at most/);
    expect(passwordProblem("aaaaaaaaaaaaaa")).toMatch(/repeat/);
    expect(passwordProblem("alice-the-admin-2", { login: "Alice" })).toMatch(/login/);
    expect(passwordProblem("four words make a pass")).toBeNull();
  });

  it("the dummy check refuses whatever it is given", async () => {
    expect(await verifyAgainstDummy("anything at all")).toBe(false);
  });
});
