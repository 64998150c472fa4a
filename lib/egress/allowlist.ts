// PORTOLAN_EGRESS_ALLOW: what an admin lets the server reach besides the public internet.
// Entries, separated by commas or spaces:
//   10.20.0.0/16, fd12::/16   a range (CIDR), any port
//   10.20.1.5, ::1            one address, any port
//   127.0.0.1:3125, [::1]:80  one address, one port
//   hooks.internal            a host name as written in the URL (whatever it resolves to), any port
//   *.corp.example            every name under corp.example
//   hooks.internal:8443       a host name, one port
import net from "node:net";
import ipaddr from "ipaddr.js";
import { unbracket } from "./addresses";

export type AllowRule =
  | { kind: "range"; range: [ipaddr.IPv4 | ipaddr.IPv6, number]; port: number | null; text: string }
  | { kind: "host"; host: string; port: number | null; text: string };

export type Destination = { hostname: string; address: string; port: number };

const HOST = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/;

function parsePort(text: string): number | null {
  return /^\d{1,5}$/.test(text) && Number(text) > 0 && Number(text) < 65536 ? Number(text) : null;
}

function addressRule(address: string, port: number | null, text: string): AllowRule {
  const parsed = ipaddr.parse(address);
  return { kind: "range", range: [parsed, parsed.kind() === "ipv4" ? 32 : 128], port, text };
}

/** One entry, or why it is not one. */
export function parseAllowEntry(raw: string): AllowRule | { error: string } {
  const text = raw.trim();
  const lower = text.toLowerCase();
  const bad = { error: `"${text}" is not a CIDR, an IP, a host name, or one of those with :port` };
  if (lower.includes("/")) {
    try {
      return { kind: "range", range: ipaddr.parseCIDR(lower), port: null, text };
    } catch {
      return bad;
    }
  }
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(lower);
  if (bracketed) {
    const port = bracketed[2] === undefined ? null : parsePort(bracketed[2]);
    if (!net.isIPv6(bracketed[1]) || (bracketed[2] !== undefined && port === null)) return bad;
    return addressRule(bracketed[1], port, text);
  }
  if (net.isIP(lower)) return addressRule(lower, null, text);
  const [host, portText, ...rest] = lower.split(":");
  if (rest.length) return bad;
  const port = portText === undefined ? null : parsePort(portText);
  if (portText !== undefined && port === null) return bad;
  if (net.isIPv4(host)) return addressRule(host, port, text);
  if (!HOST.test(host)) return bad;
  return { kind: "host", host: host.replace(/\.$/, ""), port, text };
}

export function parseAllowlist(text: string | undefined): { rules: AllowRule[]; errors: string[] } {
  const rules: AllowRule[] = [];
  const errors: string[] = [];
  for (const entry of (text ?? "").split(/[\s,]+/).filter(Boolean)) {
    const parsed = parseAllowEntry(entry);
    if ("error" in parsed) errors.push(parsed.error);
    else rules.push(parsed);
  }
  return { rules, errors };
}

function matchesHost(pattern: string, hostname: string): boolean {
  return pattern.startsWith("*.") ? hostname.endsWith(pattern.slice(1)) : hostname === pattern;
}

/** Whether one rule lets this connection through: the name as requested, the address as resolved. */
export function ruleAllows(rule: AllowRule, destination: Destination): boolean {
  if (rule.port !== null && rule.port !== destination.port) return false;
  if (rule.kind === "host")
    return matchesHost(rule.host, unbracket(destination.hostname).toLowerCase().replace(/\.$/, ""));
  // IPv4-mapped IPv6 (::ffff:10.0.0.1) counts as the IPv4 address it reaches.
  const address = ipaddr.process(unbracket(destination.address));
  const [base] = rule.range;
  return address.kind() === base.kind() && address.match(rule.range as [typeof address, number]);
}

/** Rules that let a loopback address on one port through: a local preview's own server. */
export function loopbackPortRules(ports: number[]): AllowRule[] {
  return ports.flatMap((port) => [
    { kind: "range" as const, range: ipaddr.parseCIDR("127.0.0.0/8"), port, text: `127.0.0.0/8:${port}` },
    { kind: "range" as const, range: ipaddr.parseCIDR("::1/128"), port, text: `[::1]:${port}` },
  ]);
}

/** A rule for exactly one URL's host and port (the configured GitHub API, the portal itself). */
export function originRule(url: string): AllowRule | null {
  try {
    const parsed = new URL(url);
    const port = Number(parsed.port) || (parsed.protocol === "https:" ? 443 : 80);
    const host = unbracket(parsed.hostname).toLowerCase();
    if (net.isIP(host)) return { ...addressRule(host, port, `${parsed.host}`) };
    return { kind: "host", host, port, text: parsed.host };
  } catch {
    return null;
  }
}
