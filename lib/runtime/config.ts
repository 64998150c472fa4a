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
 * The development sign-in (pick a user, no password). On by default outside production and on
 * the embedded database (a local, single-machine portal); `PORTOLAN_DEV_LOGIN` overrides.
 */
export function isDevLoginEnabled(): boolean {
  const flag = process.env.PORTOLAN_DEV_LOGIN;
  if (flag === "true") return true;
  if (flag === "false") return false;
  return process.env.NODE_ENV !== "production" || !process.env.DATABASE_URL;
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
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
    } catch (error) {
      // Another process created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    return fs.readFileSync(file, "utf8").trim();
  }
}
