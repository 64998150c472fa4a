// What one descriptor document may be, so hostile input is a per-document error with its field
// instead of a database error, a stack overflow or a stalled server. PostgreSQL refuses U+0000 in
// text and jsonb, and jsonb refuses unpaired UTF-16 surrogates (which JSON.stringify writes as
// `\udXXX`); both arrive easily through YAML escapes ("\0", "\ud800").
import { keyPath } from "./field-rules";
import type { FieldError } from "./types";

/** A descriptor file (the API's body limit is the same). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** One document once read, counted as JSON: what is stored as the entity's body. */
export const MAX_DOCUMENT_BYTES = 1024 * 1024;
/** Nesting of mappings and lists; real descriptors stay under 10, template schemas under 20. */
export const MAX_DEPTH = 32;
/**
 * YAML tokens in one document. Composing a document is one uninterruptible step (about 1 µs per
 * token on a slow core), so this bounds how long any single document can hold the event loop.
 */
export const MAX_DOCUMENT_TOKENS = 50_000;
/** Alias expansions per document (yaml's default is 100); descriptors rarely use aliases at all. */
export const MAX_ALIAS_COUNT = 50;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function stringProblem(value: string): string | null {
  if (value.includes("\u0000")) return "contains a NUL character (U+0000), which cannot be stored; remove it";
  if (LONE_SURROGATE.test(value))
    return 'contains an unpaired UTF-16 surrogate (e.g. "\\ud800"), which is not valid Unicode; remove it';
  return null;
}

const childPath = (parent: string, key: string | number) =>
  typeof key === "number"
    ? `${parent}[${key}]`
    : parent
      ? keyPath(parent, key)
      : /^[A-Za-z_$][\w$]*$/.test(key)
        ? key
        : `[${JSON.stringify(key)}]`;

/**
 * The first reason `value` (a parsed document) cannot be stored, naming the field, or null.
 * Iterative, so a deep or self-referencing value (a YAML alias to its own parent) cannot overflow
 * the stack; it stops at the first problem, so its cost is bounded by the limits it checks.
 */
export function findUnstorable(
  value: unknown,
  options: { depth?: number; bytes?: number; strings?: boolean } = {},
): FieldError | null {
  const limits = { depth: options.depth ?? MAX_DEPTH, bytes: options.bytes ?? MAX_DOCUMENT_BYTES };
  const checksStrings = options.strings !== false;
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: "", depth: 0 }];
  let bytes = 0;
  while (stack.length > 0) {
    const item = stack.pop()!;
    const { path, depth } = item;
    if (typeof item.value === "string") {
      bytes += item.value.length + 2;
      const problem = checksStrings && stringProblem(item.value);
      if (problem) return { field: path, message: problem };
    } else if (item.value !== null && typeof item.value === "object") {
      if (depth >= limits.depth) {
        return {
          field: path,
          message: `is nested more than ${limits.depth} levels deep (or refers to itself through a YAML alias); flatten it`,
        };
      }
      bytes += 2;
      const entries: [string | number, unknown][] = Array.isArray(item.value)
        ? item.value.map((v, i) => [i, v])
        : Object.entries(item.value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i];
        if (typeof key === "string") {
          bytes += key.length + 3;
          const problem = checksStrings && stringProblem(key);
          if (problem) return { field: path, message: `has a key that ${problem}` };
        }
        stack.push({ value: child, path: childPath(path, key), depth: depth + 1 });
      }
    } else {
      bytes += String(item.value).length;
    }
    if (bytes > limits.bytes) {
      return {
        field: "",
        message: `is larger than ${Math.round(limits.bytes / 1024)} KiB once read (YAML aliases count each time they are used); split it into several entities or link to the large part`,
      };
    }
  }
  return null;
}

/** Text that PostgreSQL stores, for messages that quote hostile input back. */
export function storableText(text: string): string {
  return text.replace(/\u0000/g, "\uFFFD").replace(new RegExp(LONE_SURROGATE.source, "g"), "\uFFFD");
}
