import { BlockList, isIP } from "node:net";

/**
 * The header the launcher (scripts/serve.mjs) sets on every request to the socket's remote
 * address, after removing any copy a client sent.
 */
export const PEER_HEADER = "x-portolan-peer";

type HeaderSource = { get(name: string): string | null };

export type ClientIpOptions = {
  /** `PORTOLAN_TRUSTED_PROXIES`: comma-separated CIDRs or addresses of proxies allowed to set X-Forwarded-For. */
  trustedProxies?: string;
  /** Whether PEER_HEADER comes from our launcher; when the app runs without it, the header is a client's. */
  peerHeaderTrusted?: boolean;
};

/** `::ffff:10.0.0.1` → `10.0.0.1`, `[::1]:443` → `::1`, `1.2.3.4:80` → `1.2.3.4`; anything else → null. */
export function normalizeAddress(raw: string): string | null {
  let value = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(value);
  if (mapped) value = mapped[1];
  const version = isIP(value);
  if (version === 0) return null;
  return version === 6 ? value.toLowerCase() : value;
}

/** Parses CIDRs and single addresses; throws on an entry that is neither, naming it. */
export function parseTrustedProxies(spec: string | undefined): BlockList {
  const list = new BlockList();
  for (const entry of (spec ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [address, prefix, extra] = entry.split("/");
    const normalized = normalizeAddress(address);
    const type = normalized && isIP(normalized) === 6 ? "ipv6" : "ipv4";
    const max = type === "ipv6" ? 128 : 32;
    const bits = prefix === undefined ? max : Number(prefix);
    if (!normalized || extra !== undefined || !/^\d+$/.test(String(bits)) || bits > max) {
      throw new Error(
        `PORTOLAN_TRUSTED_PROXIES: "${entry}" is not an address or CIDR (e.g. 10.0.0.0/8, 192.168.1.5, fd00::/8).`,
      );
    }
    list.addSubnet(normalized, bits, type);
  }
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  return list.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");
}

const cache = new Map<string, BlockList>();

function trustedList(spec: string): BlockList {
  let list = cache.get(spec);
  if (!list) {
    try {
      list = parseTrustedProxies(spec);
    } catch (error) {
      // The launcher refuses to start with a bad value; here (no launcher) trust nobody rather than fail requests.
      console.error(`[portolan] ${(error as Error).message} Trusting no proxy.`);
      list = new BlockList();
    }
    cache.set(spec, list);
  }
  return list;
}

/**
 * Who is calling, for the audit log. The socket peer, unless that peer is a trusted proxy: then
 * X-Forwarded-For is walked from the right (the entry the nearest proxy appended) past trusted
 * proxies, and the first address that is not one is the client. Without the launcher's peer
 * header nothing is known, and null beats a value a client chose.
 */
export function clientIp(
  headers: HeaderSource,
  options: ClientIpOptions = {
    trustedProxies: process.env.PORTOLAN_TRUSTED_PROXIES,
    peerHeaderTrusted: process.env.PORTOLAN_LAUNCHER === "1",
  },
): string | null {
  if (!options.peerHeaderTrusted) return null;
  const peer = normalizeAddress(headers.get(PEER_HEADER) ?? "");
  if (!peer) return null;
  const trusted = trustedList(options.trustedProxies ?? "");
  if (!isTrusted(trusted, peer)) return peer;
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  let client = peer;
  for (let i = forwarded.length - 1; i >= 0; i--) {
    const address = normalizeAddress(forwarded[i]);
    // A malformed entry was not written by a proxy we trust: stop at the last address we could vouch for.
    if (!address) return client;
    client = address;
    if (!isTrusted(trusted, address)) return address;
  }
  return client;
}
