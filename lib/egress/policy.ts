// The egress policy: may the server open a connection to this name, address and port? Public
// unicast addresses yes; everything else only when PORTOLAN_EGRESS_ALLOW (or a rule the caller adds
// for one request, like a local preview's own port) says so. Names are judged by what they resolve
// to at connect time (connector.ts), so a name cannot point elsewhere between check and connect.
import dns from "node:dns";
import { classifyAddress, isIpLiteral, unbracket } from "./addresses";
import { parseAllowlist, ruleAllows, type AllowRule, type Destination } from "./allowlist";

export type ResolvedAddress = { address: string; family: number };
/** How names are resolved; tests inject one that resolves made-up names. */
export type Lookup = (hostname: string) => Promise<ResolvedAddress[]>;

export type EgressOptions = {
  /** Extra rules for this request only (a preview's own loopback port, the GitHub API's host). */
  allow?: AllowRule[];
  lookup?: Lookup;
  /** The environment to read PORTOLAN_EGRESS_ALLOW from (default process.env). */
  env?: NodeJS.ProcessEnv;
};

export class EgressRefusedError extends Error {
  readonly code = "EGRESS_REFUSED";
  constructor(message: string) {
    super(message);
    this.name = "EgressRefusedError";
  }
}

export const systemLookup: Lookup = async (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

let parsedAllow: { text: string | undefined; rules: AllowRule[] } | null = null;

/** PORTOLAN_EGRESS_ALLOW, parsed once per distinct value; a bad entry is reported once and ignored. */
export function configuredRules(env: NodeJS.ProcessEnv = process.env): AllowRule[] {
  const text = env.PORTOLAN_EGRESS_ALLOW;
  if (parsedAllow && parsedAllow.text === text) return parsedAllow.rules;
  const { rules, errors } = parseAllowlist(text);
  for (const error of errors) console.warn(`[portolan] PORTOLAN_EGRESS_ALLOW: ${error}; ignored`);
  parsedAllow = { text, rules };
  return rules;
}

function suggestion(destination: Destination): string {
  const host = unbracket(destination.hostname);
  return host.includes(":") ? `[${host}]:${destination.port}` : `${host}:${destination.port}`;
}

/** Null when the connection may be made; otherwise the reason, in words an admin can act on. */
export function refusalFor(destination: Destination, rules: AllowRule[]): string | null {
  const verdict = classifyAddress(destination.address);
  if (verdict.isPublic) return null;
  if (rules.some((rule) => ruleAllows(rule, destination))) return null;
  const address = unbracket(destination.address);
  const what = isIpLiteral(destination.hostname)
    ? `${address} is ${verdict.label}`
    : `${destination.hostname} resolves to ${address}, which is ${verdict.label}`;
  return `refused by the egress policy: ${what}; an admin can allow it with PORTOLAN_EGRESS_ALLOW=${suggestion(destination)}`;
}

/**
 * Resolves a name and checks every address it resolves to (a name that also points inside is
 * refused, not half-used). Literal IPs are checked as they are. Throws EgressRefusedError.
 */
export async function resolveAllowed(
  hostname: string,
  port: number,
  options: EgressOptions = {},
): Promise<ResolvedAddress[]> {
  const host = unbracket(hostname);
  const rules = [...configuredRules(options.env), ...(options.allow ?? [])];
  const addresses = isIpLiteral(host)
    ? [{ address: host, family: host.includes(":") ? 6 : 4 }]
    : await (options.lookup ?? systemLookup)(host);
  if (!addresses.length) throw new Error(`${host} did not resolve`);
  for (const { address } of addresses) {
    const refusal = refusalFor({ hostname: host, address, port }, rules);
    if (refusal) throw new EgressRefusedError(refusal);
  }
  return addresses;
}

/** The egress refusal behind an error (fetch wraps it as the cause), if that is what it was. */
export function egressRefusal(error: unknown): EgressRefusedError | null {
  for (let e = error as { cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e instanceof EgressRefusedError) return e;
  }
  return null;
}
