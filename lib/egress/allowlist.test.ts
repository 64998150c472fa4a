import { describe, expect, it } from "vitest";
import { loopbackPortRules, originRule, parseAllowlist, ruleAllows } from "./allowlist";

const allows = (text: string, destination: { hostname: string; address: string; port: number }) =>
  parseAllowlist(text).rules.some((r) => ruleAllows(r, destination));

describe("PORTOLAN_EGRESS_ALLOW", () => {
  it("parses CIDRs, addresses, host names, wildcards and :port; reports what it cannot read", () => {
    const { rules, errors } = parseAllowlist(
      "10.20.0.0/16, fd12::/16 127.0.0.1:3125 [::1]:80 ::1 hooks.internal *.corp.example hooks.internal:8443 bad/99 host:0 a:b:c",
    );
    expect(rules.map((r) => r.text)).toEqual([
      "10.20.0.0/16",
      "fd12::/16",
      "127.0.0.1:3125",
      "[::1]:80",
      "::1",
      "hooks.internal",
      "*.corp.example",
      "hooks.internal:8443",
    ]);
    expect(errors).toHaveLength(3);
    expect(errors[0]).toContain('"bad/99"');
  });

  it("matches the resolved address for IP rules and the requested name for host rules, with the port when given", () => {
    expect(allows("127.0.0.1:3125", { hostname: "127.0.0.1", address: "127.0.0.1", port: 3125 })).toBe(true);
    expect(allows("127.0.0.1:3125", { hostname: "127.0.0.1", address: "127.0.0.1", port: 3126 })).toBe(false);
    expect(allows("127.0.0.1:3125", { hostname: "x", address: "::ffff:127.0.0.1", port: 3125 })).toBe(true);
    expect(allows("10.0.0.0/8", { hostname: "db", address: "10.9.9.9", port: 5432 })).toBe(true);
    expect(allows("10.0.0.0/8", { hostname: "db", address: "11.0.0.1", port: 5432 })).toBe(false);
    expect(allows("hooks.internal", { hostname: "HOOKS.internal.", address: "10.1.1.1", port: 1 })).toBe(true);
    expect(allows("hooks.internal", { hostname: "evil-hooks.internal", address: "10.1.1.1", port: 1 })).toBe(false);
    expect(allows("*.corp.example", { hostname: "a.b.corp.example", address: "10.1.1.1", port: 1 })).toBe(true);
    expect(allows("*.corp.example", { hostname: "corp.example", address: "10.1.1.1", port: 1 })).toBe(false);
    expect(allows("::1", { hostname: "::1", address: "::1", port: 9 })).toBe(true);
    expect(allows("::1", { hostname: "127.0.0.1", address: "127.0.0.1", port: 9 })).toBe(false);
  });

  it("builds exact rules for an origin and for a preview's loopback port", () => {
    const github = originRule("http://127.0.0.1:3121/api/v3")!;
    expect(ruleAllows(github, { hostname: "127.0.0.1", address: "127.0.0.1", port: 3121 })).toBe(true);
    expect(ruleAllows(github, { hostname: "127.0.0.1", address: "127.0.0.1", port: 3122 })).toBe(false);
    const ghe = originRule("https://ghe.corp.example/api/v3")!;
    expect(ruleAllows(ghe, { hostname: "ghe.corp.example", address: "10.0.0.5", port: 443 })).toBe(true);
    const preview = loopbackPortRules([4567]);
    expect(preview.some((r) => ruleAllows(r, { hostname: "localhost", address: "::1", port: 4567 }))).toBe(true);
    expect(preview.some((r) => ruleAllows(r, { hostname: "localhost", address: "127.0.0.1", port: 4568 }))).toBe(false);
    expect(preview.some((r) => ruleAllows(r, { hostname: "x", address: "10.0.0.1", port: 4567 }))).toBe(false);
  });
});
