import { AppError } from "@/lib/errors";

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Media types a cross-site HTML form cannot send, so a request carrying one came from script on an allowed origin. */
const BODY_TYPES = [/^application\/(.+\+)?json$/, /^application\/(x-)?yaml$/, /^text\/(x-)?yaml$/];

function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** The origins this portal answers on: its configured public URLs and the Host the request was sent to. */
export function allowedOrigins(headers: Headers, env: NodeJS.ProcessEnv = process.env): Set<string> {
  const origins = new Set<string>();
  for (const url of [env.NEXTAUTH_URL, env.PORTOLAN_PUBLIC_URL]) {
    const origin = originOf(url);
    if (origin) origins.add(origin);
  }
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  if (host) {
    const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || "http";
    origins.add(`${proto}://${host}`);
  }
  return origins;
}

/**
 * Cookie-authenticated writes must come from a page of this portal: a same-origin `Origin` header
 * and, when there is a body, a JSON or YAML media type (which an HTML form on another site, or on
 * another port of the same host, cannot send). Bearer-token calls carry no ambient credential and
 * skip this check.
 */
export function assertSameOriginWrite(request: Request, env: NodeJS.ProcessEnv = process.env): void {
  if (!WRITE_METHODS.has(request.method.toUpperCase())) return;
  const origin = request.headers.get("origin");
  if (!origin || !allowedOrigins(request.headers, env).has(origin)) {
    throw new AppError(
      "forbidden:origin",
      `This write was sent from ${origin ?? "a page that did not say its origin"}, not from the portal itself; call the API with a bearer token instead.`,
    );
  }
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  const hasBody = Number(request.headers.get("content-length") ?? "0") > 0 || request.headers.has("transfer-encoding");
  if ((type || hasBody) && !BODY_TYPES.some((pattern) => pattern.test(type ?? ""))) {
    throw new AppError(
      "forbidden:origin",
      `Writes from the browser must send JSON or YAML (Content-Type: application/json), not ${type ?? "an untyped body"}.`,
    );
  }
}
