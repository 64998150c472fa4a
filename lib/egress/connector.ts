// The undici connector under every outbound request: resolve the name, check each address against
// the policy, then connect to exactly those addresses (handed to net.connect as its lookup), so
// what was checked is what is connected to — no second resolution a DNS answer could change.
import type { LookupFunction } from "node:net";
import { buildConnector } from "undici";
import { resolveAllowed, type EgressOptions, type ResolvedAddress } from "./policy";

function fixedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return ((
    _hostname: string,
    options: { family?: number | string; all?: boolean },
    callback: (...args: unknown[]) => void,
  ) => {
    const family = options?.family === "IPv4" ? 4 : options?.family === "IPv6" ? 6 : Number(options?.family) || 0;
    const wanted = family ? addresses.filter((a) => a.family === family) : addresses;
    if (!wanted.length) return callback(Object.assign(new Error(`no IPv${family} address`), { code: "ENOTFOUND" }));
    if (options?.all) return callback(null, wanted);
    callback(null, wanted[0].address, wanted[0].family);
  }) as unknown as LookupFunction;
}

export function egressConnector(options: EgressOptions & { connectTimeoutMs?: number } = {}): buildConnector.connector {
  const timeout = options.connectTimeoutMs ?? 10_000;
  return (opts, callback) => {
    const port = Number(opts.port) || (opts.protocol === "https:" ? 443 : 80);
    resolveAllowed(opts.hostname, port, options).then(
      (addresses) =>
        buildConnector({ timeout, lookup: fixedLookup(addresses) } as buildConnector.BuildOptions)(opts, callback),
      (error: Error) => callback(error, null),
    );
  };
}
