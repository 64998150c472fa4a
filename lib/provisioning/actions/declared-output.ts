// What an http:request step keeps from the JSON it gets back (the response, or the callback): its
// status and only the fields the template declares as JSON pointers (`output: { url: /url }`), each
// capped in size. Nothing else of a body is stored or logged, so a step pointed at the wrong place
// cannot copy a page of someone's internal service into a run every developer can read.
import { z } from "zod";

export const MAX_OUTPUT_VALUE_BYTES = 4096;
export const MAX_RESPONSE_BYTES = 1024 * 1024;

const OUTPUT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `output: { name: /json/pointer }` as an action input. */
export const declaredOutputSchema = z
  .record(
    z
      .string()
      .regex(OUTPUT_NAME, "an output name: letters, digits and _")
      .refine((k) => k !== "status", "status is always kept; choose another name"),
    z.string().refine((p) => p === "" || p.startsWith("/"), 'a JSON pointer like "/url" or "/data/id"'),
  )
  .refine((o) => Object.keys(o).length <= 20, "at most 20 output fields")
  .default({});

/** RFC 6901: `/a/b~1c/0` → a → "b/c" → 0; own properties only. */
export function readPointer(document: unknown, pointer: string): { found: true; value: unknown } | { found: false } {
  if (pointer === "") return { found: true, value: document };
  let value = document;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (value === null || typeof value !== "object" || !Object.prototype.hasOwnProperty.call(value, key))
      return { found: false };
    value = (value as Record<string, unknown>)[key];
  }
  return { found: true, value };
}

/** The declared fields of a JSON document; a missing one is null (and named), an oversized one fails. */
export function pickDeclared(
  document: unknown,
  declared: Record<string, string>,
  what: string,
): { output: Record<string, unknown>; missing: string[] } {
  const output: Record<string, unknown> = {};
  const missing: string[] = [];
  for (const [name, pointer] of Object.entries(declared)) {
    const read = readPointer(document, pointer);
    if (!read.found) {
      output[name] = null;
      missing.push(`${name} (${pointer || "/"})`);
      continue;
    }
    const size = Buffer.byteLength(JSON.stringify(read.value ?? null));
    if (size > MAX_OUTPUT_VALUE_BYTES)
      throw new Error(
        `output ${name}: the value at ${pointer || "/"} in ${what} is ${size} bytes; at most ${MAX_OUTPUT_VALUE_BYTES} are kept`,
      );
    output[name] = read.value ?? null;
  }
  return { output, missing };
}

/** Reads a body up to a limit without holding more than that in memory. */
export async function readCapped(response: Response, maxBytes = MAX_RESPONSE_BYTES): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new Error(`the response is larger than ${Math.round(maxBytes / 1024)} kB`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
