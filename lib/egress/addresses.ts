// Which IP addresses the server may connect to without an admin's say-so: public unicast only.
// Everything that reaches inside a network or the machine itself (loopback, RFC 1918, ULA,
// link-local, CGNAT, cloud metadata, unspecified, multicast, reserved and documentation ranges, and
// the IPv6 forms that carry such an IPv4 address) is refused unless allowlisted.
import net from "node:net";
import ipaddr from "ipaddr.js";

export type AddressClass = { isPublic: true } | { isPublic: false; label: string };

const METADATA = new Set(["169.254.169.254", "fd00:ec2::254", "100.100.100.200", "169.254.170.2"]);

const LABELS: Record<string, string> = {
  loopback: "loopback",
  private: "a private address (RFC 1918)",
  uniqueLocal: "a unique local address (fc00::/7)",
  linkLocal: "link-local",
  carrierGradeNat: "carrier-grade NAT space (100.64.0.0/10)",
  unspecified: "the unspecified address",
  multicast: "multicast",
  broadcast: "broadcast",
  deprecatedSiteLocal: "site-local (fec0::/10)",
};

function refused(range: string): AddressClass {
  return { isPublic: false, label: LABELS[range] ?? `a reserved range (${range})` };
}

function classifyV4(address: ipaddr.IPv4): AddressClass {
  if (METADATA.has(address.toString())) return { isPublic: false, label: "the cloud metadata service" };
  const range = address.range();
  return range === "unicast" ? { isPublic: true } : refused(range);
}

const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR("2000::/3");
const NAT64_WELL_KNOWN = ipaddr.parseCIDR("64:ff9b::/96");
const IPV4_COMPATIBLE = ipaddr.parseCIDR("::/96");

/** Public unicast, or why not. Not an IP at all counts as refused (the caller resolves names first). */
export function classifyAddress(text: string): AddressClass {
  const bare = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  // Zone ids (fe80::1%eth0) name an interface: link-local by definition.
  if (bare.includes("%")) return { isPublic: false, label: "link-local" };
  if (net.isIP(bare) === 0) return { isPublic: false, label: "not an IP address" };
  const address = ipaddr.parse(bare);
  if (address.kind() === "ipv4") return classifyV4(address as ipaddr.IPv4);
  const v6 = address as ipaddr.IPv6;
  if (METADATA.has(v6.toString())) return { isPublic: false, label: "the cloud metadata service" };
  // IPv4 inside IPv6: judged as the IPv4 address it reaches.
  if (v6.isIPv4MappedAddress()) return classifyV4(v6.toIPv4Address());
  if (v6.match(NAT64_WELL_KNOWN)) return classifyV4(ipaddr.fromByteArray(v6.toByteArray().slice(12)) as ipaddr.IPv4);
  if (v6.match(IPV4_COMPATIBLE)) return refused(v6.range() === "unicast" ? "IPv4-compatible (::/96)" : v6.range());
  const range = v6.range();
  if (range !== "unicast") return refused(range);
  return v6.match(GLOBAL_UNICAST_V6) ? { isPublic: true } : refused("outside 2000::/3");
}

/** `[::1]` → `::1`; anything else unchanged. */
export function unbracket(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

export function isIpLiteral(host: string): boolean {
  return net.isIP(unbracket(host)) !== 0;
}
