import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";

export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.PORTOLAN_DATA_DIR || ".data");
}

export function isGithubOAuthConfigured(): boolean {
  return Boolean(process.env.GITHUB_CLIENT_ID && process.env.GITHUB_CLIENT_SECRET);
}

/**
 * The development sign-in (type a login, no password). Only when explicitly enabled with
 * `PORTOLAN_DEV_LOGIN=true` (`npm run dev` and `npm run demo` set it): never implied by the
 * environment, so a production start without it always asks for a secret.
 */
export function isDevLoginEnabled(): boolean {
  return process.env.PORTOLAN_DEV_LOGIN === "true";
}

const warned = new Set<string>();

/**
 * A positive number from the environment. A bad value falls back to the (safe) default with one
 * warning rather than failing every request; the launcher (scripts/serve.mjs) refuses to start on it.
 */
function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (Number.isFinite(value) && value > 0) return value;
  if (!warned.has(name)) {
    warned.add(name);
    console.warn(`[portolan] ${name} must be a positive number (got ${JSON.stringify(raw)}); using ${fallback}.`);
  }
  return fallback;
}

/** A session unused for this long is refused (`PORTOLAN_SESSION_IDLE_MINUTES`, default 8 hours). */
export function sessionIdleMs(): number {
  return positiveNumber("PORTOLAN_SESSION_IDLE_MINUTES", 480) * 60_000;
}

/** A session ends this long after sign-in, used or not (`PORTOLAN_SESSION_MAX_HOURS`, default 24). */
export function sessionMaxMs(): number {
  return positiveNumber("PORTOLAN_SESSION_MAX_HOURS", 24) * 3_600_000;
}

/** The portal's public URL, as sign-in callbacks and printed links use it. */
export function publicUrl(): string {
  return (process.env.NEXTAUTH_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, "");
}

/**
 * NEXTAUTH_SECRET, or one generated once and kept in the data directory so sessions survive
 * restarts of a local portal. Several replicas must share NEXTAUTH_SECRET from the environment.
 */
let cachedSecret: string | undefined;

export function authSecret(): string {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  // Every request builds the auth options: read the file once per process, not per request.
  cachedSecret ??= readOrCreateSecret(path.join(dataDir(), "auth-secret"));
  return cachedSecret;
}

function readOrCreateSecret(file: string): string {
  try {
    const existing = fs.readFileSync(file, "utf8").trim();
    if (existing) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written whole under another name and linked into place: the launcher's workers start together,
  // and one must never read a file another has created but not yet written.
  const draft = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  fs.writeFileSync(draft, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
  try {
    fs.linkSync(draft, file);
  } catch (error) {
    // Another process linked its own first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    fs.rmSync(draft, { force: true });
  }
  return fs.readFileSync(file, "utf8").trim();
}

/**
 * Whether this process is the first (or only) one of the launcher's workers (scripts/serve.mjs sets
 * PORTOLAN_CLUSTER_WORKER to 1…N). Only it prints the sign-in notice (a new setup link withdraws the
 * previous one) and, with the job queue, runs background work; the launcher tells the others
 * PORTOLAN_WORKER=false.
 */
export function isFirstWorker(): boolean {
  const slot = process.env.PORTOLAN_CLUSTER_WORKER;
  return !slot || slot === "1";
}
