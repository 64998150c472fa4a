import { AppError } from "@/lib/errors";

export const KB = 1024;
export const MB = 1024 * KB;

/** Body limits per kind of entry point (bytes), enforced while reading, before anything parses. */
export const BODY_LIMITS = { default: 1 * MB, import: 10 * MB, webhook: 25 * MB } as const;

function formatBytes(bytes: number): string {
  return bytes >= MB ? `${bytes / MB} MB` : `${Math.round(bytes / KB)} kB`;
}

function tooLarge(limit: number): AppError {
  return new AppError(
    "too_large:api",
    `The request body is larger than ${formatBytes(limit)}; send less (split an import into several locations or files).`,
    [{ field: "body", message: `at most ${limit} bytes`, limit }],
  );
}

/**
 * Reads a request body up to `limit` bytes: a declared Content-Length over the limit is refused
 * before a byte is read, and a body that streams past it is cut off, so a client can never make
 * the server hold more than the limit in memory.
 */
export async function readBodyBytes(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The body as UTF-8 text, refusing bytes that are not UTF-8 (they would be silently replaced). */
export async function readBodyText(request: Request, limit: number): Promise<string> {
  const bytes = await readBodyBytes(request, limit);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("bad_request:api", "The request body is not valid UTF-8 text.", [
      { field: "body", message: "not UTF-8" },
    ]);
  }
}

/** Parses JSON text; an empty body is `undefined` (the schema decides whether that is allowed). */
export function parseJsonBody(text: string): unknown {
  if (!text.trim()) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError("bad_request:api", `The body must be JSON (${reason}).`, [
      { field: "body", message: "not JSON" },
    ]);
  }
  assertStorableText(value, "");
  return value;
}

const MAX_DEPTH = 64;

/**
 * PostgreSQL cannot store U+0000 in text or jsonb, and nothing legitimate sends it: refuse it (and
 * absurd nesting) up front with the field, rather than failing deep in a query with a 500.
 */
export function assertStorableText(value: unknown, path: string, depth = 0): void {
  if (depth > MAX_DEPTH)
    throw new AppError("bad_request:api", `The body nests deeper than ${MAX_DEPTH} levels.`, [
      { field: path || "body", message: "too deep" },
    ]);
  if (typeof value === "string") {
    if (value.includes("\u0000"))
      throw new AppError("bad_request:api", `${path || "body"}: NUL characters (\\u0000) are not allowed.`, [
        { field: path || "body", message: "contains a NUL character" },
      ]);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => assertStorableText(item, path ? `${path}.${i}` : String(i), depth + 1));
    return;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      if (key.includes("\u0000"))
        throw new AppError("bad_request:api", `A key in ${path || "the body"} contains a NUL character.`, [
          { field, message: "contains a NUL character" },
        ]);
      assertStorableText(item, field, depth + 1);
    }
  }
}
