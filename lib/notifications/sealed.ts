// Channel URLs (a Slack incoming-webhook URL is a credential) and signing keys are stored sealed:
// AES-256-GCM under a key derived from the portal's secret (NEXTAUTH_SECRET, or the generated one).
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

function keyOf(secret: string): Buffer {
  return createHash("sha256").update(`portolan notification channels\0${secret}`).digest();
}

export function seal(plain: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyOf(secret), iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), data.toString("base64url")].join(
    ".",
  );
}

export function unseal(sealed: string, secret: string): string {
  const [version, iv, tag, data] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || data === undefined) throw new Error("not a sealed value");
  const decipher = createDecipheriv("aes-256-gcm", keyOf(secret), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}
