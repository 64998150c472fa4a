/**
 * The API token of an Authorization header: `Bearer <token>`, or basic auth with the token as the
 * password (the user name is ignored) — what tools that only speak basic auth, such as
 * Alertmanager's `http_config.basic_auth`, can send. Null when the header is neither.
 */
export function tokenFromHeader(header: string): string | null {
  const bearer = /^Bearer\s+(\S+)$/i.exec(header);
  if (bearer) return bearer[1];
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
  if (!basic) return null;
  const decoded = Buffer.from(basic[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon >= 0 && colon < decoded.length - 1 ? decoded.slice(colon + 1) : null;
}
