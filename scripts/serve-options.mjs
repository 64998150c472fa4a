// Pure decisions of the launcher (scripts/serve.mjs), kept apart so they are unit-tested
// (scripts/serve-options.test.ts) without starting a server.
import { isIP } from "node:net";

export const PEER_HEADER = "x-portolan-peer";

/**
 * Where to listen. An explicit PORTOLAN_HOST (or HOSTNAME) wins. Otherwise the development
 * sign-in (no password) keeps the portal on loopback, and a real portal listens on every interface.
 * @param {Record<string, string | undefined>} env
 * @returns {{ port: number; host: string | undefined; devLogin: boolean; explicitHost: boolean }}
 */
export function listenOptions(env) {
  const rawPort = env.PORT ?? "3000";
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port < 1 || port > 65535) {
    throw new Error(`PORT must be a port number (1-65535), got ${JSON.stringify(rawPort)}.`);
  }
  const devLogin = env.PORTOLAN_DEV_LOGIN === "true";
  const explicit = (env.PORTOLAN_HOST || env.HOSTNAME || "").trim();
  if (explicit) return { port, host: explicit, devLogin, explicitHost: true };
  return { port, host: devLogin ? "127.0.0.1" : undefined, devLogin, explicitHost: false };
}

/** True for addresses only this machine can reach. */
export function isLoopbackHost(host) {
  return host === "localhost" || host === "::1" || /^127\./.test(host ?? "");
}

/**
 * Names the first entry of PORTOLAN_TRUSTED_PROXIES that is neither an address nor a CIDR, or null.
 * (lib/http/client-ip.ts parses the same list; the launcher refuses to start on a typo instead.)
 * @param {string | undefined} spec
 */
export function invalidTrustedProxy(spec) {
  for (const entry of (spec ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [address, prefix, extra] = entry.split("/");
    const version = isIP(address);
    const max = version === 6 ? 128 : 32;
    if (version === 0 || extra !== undefined) return entry;
    if (prefix !== undefined && (!/^\d+$/.test(prefix) || Number(prefix) > max)) return entry;
  }
  return null;
}

/**
 * Names the first setting that must be a positive number and is not, or null.
 * @param {Record<string, string | undefined>} env
 */
export function invalidNumberSetting(env) {
  for (const name of ["PORTOLAN_SESSION_IDLE_MINUTES", "PORTOLAN_SESSION_MAX_HOURS"]) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === "") continue;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) return `${name} must be a positive number, got ${JSON.stringify(raw)}.`;
  }
  return null;
}

export const MAX_WORKERS = 16;
/** The default on real Postgres: a process per core, at most this many (each holds its own pools). */
export const DEFAULT_MAX_WORKERS = 4;

/**
 * How many processes serve requests (PORTOLAN_WORKERS). Default: one per CPU, at most 4, on real
 * Postgres (DATABASE_URL set, as lib/runtime/database-options.ts decides); always 1 on the embedded
 * database, which one process owns. Throws with what to fix on a value that is not a whole number
 * from 1 to MAX_WORKERS, or more than one on the embedded database.
 * @param {Record<string, string | undefined>} env
 * @param {number} cpus
 */
export function workerCount(env, cpus) {
  const postgres = Boolean(env.DATABASE_URL);
  const raw = (env.PORTOLAN_WORKERS ?? "").trim();
  if (raw === "") return postgres ? Math.max(1, Math.min(cpus, DEFAULT_MAX_WORKERS)) : 1;
  const allowed = `allowed: 1–${MAX_WORKERS}`;
  if (!/^\d+$/.test(raw)) throw new Error(`PORTOLAN_WORKERS=${JSON.stringify(raw)} is not a whole number; ${allowed}.`);
  const count = Number(raw);
  if (count < 1 || count > MAX_WORKERS) throw new Error(`PORTOLAN_WORKERS=${raw} is out of range; ${allowed}.`);
  if (count > 1 && !postgres)
    throw new Error(
      `PORTOLAN_WORKERS=${raw} needs a PostgreSQL server (DATABASE_URL): the embedded database belongs to one process. Set DATABASE_URL, or PORTOLAN_WORKERS=1.`,
    );
  return count;
}

/** The lines printed at every start while the development sign-in is on. */
export function devLoginWarning({ host, explicitHost }) {
  const exposed = explicitHost && !isLoopbackHost(host);
  return [
    "",
    "  !! WARNING: the development sign-in is ON (PORTOLAN_DEV_LOGIN=true).",
    "  !! Anyone who can reach this server signs in as anyone, admin included, without a password.",
    "  !! For a shared portal start without it (`npm start`) and create the first admin with the printed setup link.",
    exposed
      ? `  DANGER: listening on ${host}, which is not loopback: other machines can reach this password-less portal.`
      : `  Listening on ${host} only (loopback); set PORTOLAN_HOST to change that.`,
    "",
  ].join("\n");
}

/**
 * Replaces any client-sent peer header with the socket's address, so the app can tell a proxy's
 * X-Forwarded-For from a forged one (lib/http/client-ip.ts).
 * @param {import("node:http").IncomingMessage} req
 */
export function stampPeer(req) {
  delete req.headers[PEER_HEADER];
  req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "";
}

export const MALFORMED_URL_MESSAGE = "The address contains a malformed %-escape or a NUL character; fix the URL.";

/**
 * True when a request target (`/path?query`, as sent) has a %-escape that does not decode or a NUL
 * character: Next would fail decoding its path parameters with a 500, so it is a 400 before Next.
 * @param {string} target
 */
export function isMalformedUrl(target) {
  const at = target.indexOf("?");
  const pathname = at === -1 ? target : target.slice(0, at);
  try {
    if (decodeURIComponent(pathname).includes("\u0000")) return true;
  } catch {
    return true;
  }
  if (at === -1) return false;
  for (const [key, value] of new URLSearchParams(target.slice(at + 1)))
    if (key.includes("\u0000") || value.includes("\u0000")) return true;
  return false;
}

/** The JSON error body of a malformed address, as every API error is shaped. */
export function malformedUrlJson() {
  return JSON.stringify({ error: { code: "bad_request:url", message: MALFORMED_URL_MESSAGE, details: [] } });
}
