import { describe, expect, it } from "vitest";
import { clientIp, normalizeAddress, parseTrustedProxies } from "./client-ip";

function headers(values: Record<string, string>) {
  const h = new Headers(values);
  return { get: (name: string) => h.get(name) };
}

const behindLauncher = (trustedProxies = "") => ({ trustedProxies, peerHeaderTrusted: true });

describe("clientIp", () => {
  it("is the socket peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    const h = headers({ "x-portolan-peer": "203.0.113.7", "x-forwarded-for": "6.6.6.6" });
    expect(clientIp(h, behindLauncher())).toBe("203.0.113.7");
  });

  it("ignores a forged X-Forwarded-For from a peer that is not a trusted proxy", () => {
    const h = headers({ "x-portolan-peer": "198.51.100.9", "x-forwarded-for": "6.6.6.6, 10.0.0.2" });
    expect(clientIp(h, behindLauncher("10.0.0.0/8"))).toBe("198.51.100.9");
  });

  it("walks X-Forwarded-For from the right past trusted proxies", () => {
    // The client forged "6.6.6.6"; the edge proxy appended the real client, the inner proxy the edge.
    const h = headers({ "x-portolan-peer": "10.0.0.5", "x-forwarded-for": "6.6.6.6, 203.0.113.7, 10.0.0.9" });
    expect(clientIp(h, behindLauncher("10.0.0.0/8"))).toBe("203.0.113.7");
  });

  it("returns the leftmost address when every hop is trusted", () => {
    const h = headers({ "x-portolan-peer": "10.0.0.5", "x-forwarded-for": "10.1.1.1, 10.0.0.9" });
    expect(clientIp(h, behindLauncher("10.0.0.0/8"))).toBe("10.1.1.1");
  });

  it("stops at a malformed entry instead of believing what lies beyond it", () => {
    const h = headers({ "x-portolan-peer": "10.0.0.5", "x-forwarded-for": "6.6.6.6, not-an-ip, 10.0.0.9" });
    expect(clientIp(h, behindLauncher("10.0.0.0/8"))).toBe("10.0.0.9");
  });

  it("uses the peer when a trusted proxy sent no X-Forwarded-For", () => {
    expect(clientIp(headers({ "x-portolan-peer": "10.0.0.5" }), behindLauncher("10.0.0.0/8"))).toBe("10.0.0.5");
  });

  it("understands IPv4-mapped IPv6 peers, IPv6 CIDRs and ports", () => {
    expect(
      clientIp(headers({ "x-portolan-peer": "::ffff:127.0.0.1", "x-forwarded-for": "6.6.6.6" }), behindLauncher()),
    ).toBe("127.0.0.1");
    const h = headers({ "x-portolan-peer": "fd00::1", "x-forwarded-for": "[2001:db8::7]:5123" });
    expect(clientIp(h, behindLauncher("fd00::/8"))).toBe("2001:db8::7");
    const v4 = headers({ "x-portolan-peer": "127.0.0.1", "x-forwarded-for": "203.0.113.7:4411" });
    expect(clientIp(v4, behindLauncher("127.0.0.1"))).toBe("203.0.113.7");
  });

  it("knows nothing without the launcher's peer header, rather than trusting what a client sent", () => {
    const forged = headers({ "x-portolan-peer": "6.6.6.6", "x-forwarded-for": "6.6.6.6" });
    expect(clientIp(forged, { trustedProxies: "", peerHeaderTrusted: false })).toBeNull();
    expect(clientIp(headers({ "x-forwarded-for": "6.6.6.6" }), behindLauncher())).toBeNull();
    expect(clientIp(headers({ "x-portolan-peer": "garbage" }), behindLauncher())).toBeNull();
  });
});

describe("trusted proxies", () => {
  it("parses CIDRs and single addresses, and names a bad entry", () => {
    const list = parseTrustedProxies(" 10.0.0.0/8, 192.168.1.5 ,fd00::/8");
    expect(list.check("10.200.3.4", "ipv4")).toBe(true);
    expect(list.check("192.168.1.5", "ipv4")).toBe(true);
    expect(list.check("192.168.1.6", "ipv4")).toBe(false);
    expect(list.check("fd00::abcd", "ipv6")).toBe(true);
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow(/10\.0\.0\.0\/33/);
    expect(() => parseTrustedProxies("proxy.internal")).toThrow(/not an address or CIDR/);
    expect(() => parseTrustedProxies("")).not.toThrow();
  });

  it("normalises addresses", () => {
    expect(normalizeAddress("::FFFF:10.0.0.1")).toBe("10.0.0.1");
    expect(normalizeAddress("[::1]:443")).toBe("::1");
    expect(normalizeAddress("1.2.3.4:80")).toBe("1.2.3.4");
    expect(normalizeAddress("1.2.3")).toBeNull();
  });
});
