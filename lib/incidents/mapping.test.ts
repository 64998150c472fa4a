import { describe, expect, it } from "vitest";
import { compilePattern, makeMapper, type MappingRule } from "./mapping";

const rule = (over: Partial<MappingRule>): MappingRule => ({
  id: over.pattern ?? "r",
  labelName: "app",
  match: "exact",
  pattern: "x",
  serviceRef: "component:default/x",
  environment: null,
  priority: 100,
  ...over,
});

describe("service mapping rules", () => {
  it("match whole values: a glob or regex for `pay` does not catch `payroll`", () => {
    const glob = compilePattern("glob", "pay-?");
    const regex = compilePattern("regex", "pay|bill");
    if (typeof glob === "string" || typeof regex === "string") throw new Error("should compile");
    expect([glob("pay-1"), glob("pay-12"), glob("xpay-1")]).toEqual([true, false, false]);
    expect([regex("pay"), regex("bill"), regex("payroll")]).toEqual([true, true, false]);
    const dotted = compilePattern("glob", "a.b*");
    if (typeof dotted === "string") throw new Error("should compile");
    expect([dotted("a.bc"), dotted("axbc")]).toEqual([true, false]);
    expect(typeof compilePattern("regex", "(")).toBe("string");
  });

  it("are tried by priority, then exact before glob before regex, then in the order given", () => {
    const mapper = makeMapper(
      [
        rule({ match: "regex", pattern: "check.*", serviceRef: "regex" }),
        rule({ match: "glob", pattern: "check*", serviceRef: "glob" }),
        rule({ match: "exact", pattern: "checkout", serviceRef: "exact" }),
        rule({ match: "regex", pattern: "checkout", serviceRef: "first", priority: 10 }),
        rule({ labelName: "team", pattern: "checkout", serviceRef: "team" }),
      ],
      ["service"],
    );
    expect(mapper.ruleFor({ app: "checkout" })?.serviceRef).toBe("first");
    expect(mapper.ruleFor({ app: "checkouts" })?.serviceRef).toBe("glob");
    expect(mapper.ruleFor({ team: "checkout" })?.serviceRef).toBe("team");
    expect(mapper.ruleFor({ service: "checkout" })).toBeNull();
  });
});
