// A fast reader for the descriptor files people and generators usually write: block mappings and
// sequences, one-line plain or quoted scalars and one-line flow lists. It accepts only text whose
// meaning under YAML 1.2's core schema is beyond doubt; anything else (anchors, tags, block or
// multi-line scalars, escapes, numbers other than plain integers, duplicate keys, tabs, CR, `...`,
// directives, very large documents) makes it answer null, and the caller reads the whole file with
// the `yaml` package as before: same values, same errors, same positions. The `yaml` package spends
// most of an import's CPU (its parser reads process.env on every token), and this is several times cheaper.
import { MAX_DEPTH, MAX_DOCUMENT_TOKENS } from "./document-limits";

type Line = { indent: number; text: string };
type Parsed<T> = [value: T, next: number] | null;

/** A document this long (from the previous separator) could be over MAX_DOCUMENT_TOKENS: leave it to yaml. */
const MAX_SIMPLE_DOCUMENT_CHARS = Math.floor(MAX_DOCUMENT_TOKENS / 2) - 100;

const KEY = /^([A-Za-z_][A-Za-z0-9_.\/-]*):(?: +(.*))?$/;
// Printable characters that mean nothing special anywhere in a one-line scalar.
const SAFE_CHARS = /^[\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*$/;
const RESERVED = new Set(["null", "Null", "NULL", "~", "true", "True", "TRUE", "false", "False", "FALSE"]);
const INTEGER = /^(0|[1-9][0-9]{0,14})$/;

/** A plain scalar's value, or undefined when it is not certainly what it looks like. */
function plainScalar(text: string, inFlow: boolean): unknown {
  if (!SAFE_CHARS.test(text) || text.includes(": ") || text.endsWith(":") || text.includes(" #")) return undefined;
  if (inFlow && /[[\]{},#'"]/.test(text)) return undefined;
  if (text === "null" || text === "Null" || text === "NULL" || text === "~") return null;
  if (text === "true" || text === "True" || text === "TRUE") return true;
  if (text === "false" || text === "False" || text === "FALSE") return false;
  if (/^[0-9]/.test(text)) return INTEGER.test(text) ? Number(text) : undefined;
  // Indicators and anything that could be a number (+1, .5, -2, .inf) are left to yaml.
  if (!/^[A-Za-z_/(\u00a0-\uffff]/.test(text)) return undefined;
  return text;
}

function quotedScalar(text: string): string | undefined {
  const match = /^"([^"\\]*)"$/.exec(text) ?? /^'([^']*)'$/.exec(text);
  return match && SAFE_CHARS.test(match[1]) ? match[1] : undefined;
}

/** The rest of a line after `key:` or `- `, without its comment; undefined if a quote makes that unclear. */
function withoutComment(text: string): string | undefined {
  if (text.startsWith("#")) return "";
  if (text.startsWith('"') || text.startsWith("'")) {
    const end = text.indexOf(text[0], 1);
    if (end < 0) return undefined;
    const after = text.slice(end + 1);
    if (/^ *$/.test(after)) return text.slice(0, end + 1);
    return /^ +#/.test(after) ? text.slice(0, end + 1) : undefined;
  }
  const comment = text.indexOf(" #");
  return trimSpaces(comment >= 0 ? text.slice(0, comment) : text);
}

function inlineValue(text: string): unknown {
  if (text.startsWith('"') || text.startsWith("'")) return quotedScalar(text);
  if (text.startsWith("[")) {
    if (!text.endsWith("]")) return undefined;
    const inner = trimSpaces(text.slice(1, -1));
    if (inner === "") return [];
    const items: unknown[] = [];
    for (const raw of inner.split(",")) {
      const item = trimSpaces(raw);
      const value = item.startsWith('"') || item.startsWith("'") ? quotedScalar(item) : plainScalar(item, true);
      if (value === undefined) return undefined;
      items.push(value);
    }
    return items;
  }
  return plainScalar(text, false);
}

const trimSpaces = (text: string) => text.replace(/^ +| +$/g, "");

const isItem = (line: Line | undefined) => line !== undefined && (line.text === "-" || line.text.startsWith("- "));

/** The block node starting at `lines[i]` (a sequence or a mapping), or null. */
function blockNode(lines: Line[], i: number, depth: number): Parsed<unknown> {
  if (depth > MAX_DEPTH) return null;
  return isItem(lines[i]) ? blockSequence(lines, i, lines[i].indent, depth) : blockMapping(lines, i, lines[i].indent, depth);
}

function blockMapping(lines: Line[], i: number, indent: number, depth: number): Parsed<Record<string, unknown>> {
  const map: Record<string, unknown> = {};
  while (i < lines.length && lines[i].indent === indent) {
    const match = KEY.exec(lines[i].text);
    if (!match) return null;
    const key = match[1];
    if (RESERVED.has(key) || key === "__proto__" || Object.hasOwn(map, key)) return null;
    const rest = withoutComment(match[2] ?? "");
    if (rest === undefined) return null;
    i++;
    if (rest !== "") {
      const value = inlineValue(rest);
      // A more indented line after a scalar would continue it (a multi-line scalar): yaml's job.
      if (value === undefined || (i < lines.length && lines[i].indent > indent)) return null;
      map[key] = value;
    } else if (i < lines.length && (lines[i].indent > indent || (lines[i].indent === indent && isItem(lines[i])))) {
      const node = blockNode(lines, i, depth + 1);
      if (!node) return null;
      [map[key], i] = node;
    } else {
      map[key] = null;
    }
  }
  // A line indented deeper than this mapping but not under a key is an error yaml reports.
  if (i < lines.length && lines[i].indent > indent) return null;
  return [map, i];
}

function blockSequence(lines: Line[], i: number, indent: number, depth: number): Parsed<unknown[]> {
  const list: unknown[] = [];
  while (i < lines.length && lines[i].indent === indent && isItem(lines[i])) {
    const body = lines[i].text.slice(2);
    const content = body.replace(/^ +/, "");
    if (content === "" || content.startsWith("-")) return null;
    if (KEY.test(content)) {
      // `- key: value` starts a mapping whose keys line up with this first one.
      const own = indent + 2 + (body.length - content.length);
      const line = lines[i];
      lines[i] = { indent: own, text: content };
      const node = blockMapping(lines, i, own, depth + 1);
      lines[i] = line;
      if (!node) return null;
      list.push(node[0]);
      i = node[1];
      continue;
    }
    const text = withoutComment(content);
    const value = text === undefined || text === "" ? undefined : inlineValue(text);
    i++;
    if (value === undefined || (i < lines.length && lines[i].indent > indent)) return null;
    list.push(value);
  }
  if (i < lines.length && lines[i].indent > indent) return null;
  return [list, i];
}

function readDocument(lines: Line[]): Parsed<unknown> | "empty" {
  if (lines.length === 0) return "empty";
  if (lines[0].indent !== 0 || isItem(lines[0])) return null;
  const node = blockMapping(lines, 0, 0, 1);
  return node && node[1] === lines.length ? node : null;
}

/** Lines between pauses (the generator yields so a caller can let other work run). */
const LINES_PER_PAUSE = 2000;

/**
 * The JSON value of each document with content, in order, as `yaml` would read them with the core
 * schema (`toJS({ json: true })`); null when the text is not plainly within the simple subset.
 * Yields now and then so a caller can pause; the result is the generator's return value.
 */
export function* readSimpleYaml(text: string): Generator<void, unknown[] | null> {
  if (text.includes("\r") || text.includes("\t") || text.startsWith("\ufeff")) return null;
  const documents: unknown[] = [];
  let lines: Line[] = [];
  let chars = 0;
  const end = (): boolean => {
    const document = readDocument(lines);
    if (document === null || chars > MAX_SIMPLE_DOCUMENT_CHARS) return false;
    if (document !== "empty") documents.push(document[0]);
    lines = [];
    chars = 0;
    return true;
  };
  let sincePause = 0;
  for (const raw of text.split("\n")) {
    if (++sincePause >= LINES_PER_PAUSE) {
      sincePause = 0;
      yield;
    }
    chars += raw.length + 1;
    if (raw === "---") {
      if (!end()) return null;
      continue;
    }
    if (raw.startsWith("---") || raw.startsWith("...") || raw.startsWith("%")) return null;
    // Only spaces indent or separate (String#trim would also take other white space yaml keeps).
    const content = raw.replace(/^ +/, "");
    if (content === "") continue;
    if (!SAFE_CHARS.test(content)) return null;
    if (content.startsWith("#")) continue;
    lines.push({ indent: raw.length - content.length, text: trimSpaces(content) });
  }
  return end() ? documents : null;
}
