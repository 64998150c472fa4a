// Reads a descriptor file (YAML, possibly multi-document, or JSON) into one result per document,
// following Backstage's parseEntityYaml: each document stands or falls on its own.
import { CORE_SCHEMA, EVENT_ID, SCALAR_STYLE, constructFromEvents, parseEvents, type Event } from "js-yaml";
import { Composer, Lexer, LineCounter, Parser, type CST, type Document, type YAMLError } from "yaml";
import { deriveRelations } from "./derive-relations";
import { MAX_ALIAS_COUNT, MAX_DEPTH, MAX_DOCUMENT_TOKENS, findUnstorable } from "./document-limits";
import { noPause, type Pace } from "./event-loop";
import { stringifyEntityRef } from "./refs";
import type { DocumentResult, FieldError } from "./types";
import { validateEntity } from "./validate-entity";

export type ParsedDescriptors = { source: string; documents: DocumentResult[] };

// Friendlier words for the syntax errors people actually make in catalog files.
const FRIENDLY_YAML_ERRORS: Record<string, string> = {
  DUPLICATE_KEY: "the same key appears twice in one mapping",
  TAB_AS_INDENT: "tabs cannot be used for indentation, use spaces",
  RESOURCE_EXHAUSTION: "it is nested too deeply to read; flatten it",
};

function describeYamlError(error: YAMLError, lines: LineCounter): FieldError {
  // yaml's message may end with " at line L, column C:" and a code excerpt; we keep the sentence.
  const sentence = error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
  const friendly = FRIENDLY_YAML_ERRORS[error.code];
  const text = friendly ? `${friendly} (${sentence})` : sentence;
  const position = error.linePos?.[0] ?? lines.linePos(error.pos[0]);
  const where = position ? ` at line ${position.line}, column ${position.col}` : "";
  return { field: "", message: `YAML syntax error${where}: ${text}` };
}

function readDocument(index: number, json: unknown): DocumentResult {
  // Shape first (depth, cycles, size): only a sane shape may be looked at any further.
  const misshapen = findUnstorable(json, { strings: false });
  if (misshapen) return { ok: false, index, errors: [misshapen] };
  const unstorable = findUnstorable(json);
  if (unstorable) {
    // Name the document when the bad string is not in its name, so it keeps its last good version.
    const isNameable = !/^(kind|apiVersion|metadata|metadata\.(name|namespace))$/.test(unstorable.field);
    const validated = isNameable ? validateEntity(json) : null;
    const ref = validated?.ok ? stringifyEntityRef(validated.entity) : validated?.ref;
    return { ok: false, index, ref, errors: [unstorable] };
  }
  const validated = validateEntity(json);
  if (!validated.ok) return { ok: false, index, ref: validated.ref, errors: validated.errors };

  const { entity } = validated;
  const ref = stringifyEntityRef(entity);
  const { relations, errors } = deriveRelations(entity);
  if (errors.length > 0) return { ok: false, index, ref, errors };
  return { ok: true, index, entity, ref, relations };
}

/** A point where a long read may pause (see `parseDescriptorsAsync`). */
const CHECKPOINT = Symbol("checkpoint");
const TOKENS_PER_CHECKPOINT = 2000;

/** Files up to this size may be read in one step by js-yaml (~25 MB/s: ≤ 40 ms of event loop). */
const QUICK_READ_MAX_CHARS = 1024 * 1024;
/**
 * Characters between two document markers (`---`, `...`) for a quick read. yaml's lexer makes at
 * most 2 tokens of a character (`{:,:,}`), so no document of a file passing this can come near
 * MAX_DOCUMENT_TOKENS: the quick read never accepts a document the token bound would refuse.
 */
const QUICK_READ_MAX_DOCUMENT_CHARS = 8_000;
// A line starting with `---` or `...` and a blank is a document marker in any context (YAML 1.2, c-forbidden).
const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;

function hasShortDocuments(text: string): boolean {
  let last = 0;
  for (const match of text.matchAll(DOCUMENT_MARKER)) {
    if (match.index - last > QUICK_READ_MAX_DOCUMENT_CHARS) return false;
    last = match.index;
  }
  return text.length - last <= QUICK_READ_MAX_DOCUMENT_CHARS;
}

/**
 * The documents' values read by js-yaml in one step, or null to read the file with yaml. yaml
 * reads token by token (a long file can pause) and reports each document's own error with its line
 * and column; it is also ten times slower, and nearly every file is plain descriptors. js-yaml,
 * held to the same YAML 1.2 core schema without merge keys, refuses what it cannot read the same way
 * — aliases, complex keys, unknown tags, duplicate keys, a syntax error anywhere, deeper nesting than
 * stored — by throwing, and then yaml reads the whole file. lib/catalog/parse-descriptors.test.ts
 * holds both readers to the same results.
 */
export function quickRead(text: string): unknown[] | null {
  if (text.length > QUICK_READ_MAX_CHARS || !hasShortDocuments(text)) return null;
  try {
    const events = parseEvents(text, { maxDepth: MAX_DEPTH + 2 });
    if (!hasPlainKeys(events, text)) return null;
    return constructFromEvents(events, { source: text, schema: CORE_SCHEMA, maxAliases: 0 });
  } catch {
    return null;
  }
}

const NULL_SCALAR = /^(?:|~|null|Null|NULL)$/;

/** False for a mapping key that is tagged or null: the two libraries name such keys differently. */
function hasPlainKeys(events: Event[], text: string): boolean {
  // For each open collection: null for a sequence or document, else the mapping's entries so far.
  const open: (number | null)[] = [];
  for (const event of events) {
    const top = open.length - 1;
    const isKey = top >= 0 && open[top] !== null && open[top] % 2 === 0;
    if (event.type === EVENT_ID.POP) {
      open.pop();
      continue;
    }
    if (top >= 0 && open[top] !== null) open[top]++;
    if (event.type === EVENT_ID.DOCUMENT || event.type === EVENT_ID.SEQUENCE) open.push(null);
    else if (event.type === EVENT_ID.MAPPING) open.push(0);
    else if (event.type === EVENT_ID.SCALAR && isKey) {
      if (event.tagStart !== -1) return false;
      if (event.style === SCALAR_STYLE.PLAIN && NULL_SCALAR.test(text.slice(event.valueStart, event.valueEnd)))
        return false;
    }
  }
  return true;
}

export type ReadOptions = {
  /** "yaml" skips the quick read (tests compare the two readers). */
  reader?: "auto" | "yaml";
};

/**
 * Document results in order, with checkpoints in between. The YAML is lexed and parsed token by
 * token (yaml's own Lexer → Parser → Composer pipeline, as parseAllDocuments runs it), so a caller
 * can pause between tokens; only composing one document is a single step, and documents with more
 * than MAX_DOCUMENT_TOKENS tokens are refused before that step.
 */
function* readDescriptors(text: string, options: ReadOptions): Generator<DocumentResult | typeof CHECKPOINT> {
  const quick = options.reader === "yaml" ? null : quickRead(text);
  if (quick) {
    let index = 0;
    for (const json of quick) {
      if (json === null || json === undefined) continue;
      yield readDocument(index++, json);
      yield CHECKPOINT;
    }
    return;
  }
  yield* readWithYaml(text);
}

function* readWithYaml(text: string): Generator<DocumentResult | typeof CHECKPOINT> {
  const lines = new LineCounter();
  lines.addNewLine(0);
  const parser = new Parser(lines.addNewLine);
  // Merge keys (`<<:`) stay off as in Backstage, where they are opt-in; warnings such as
  // "keys with collection values will be stringified" would only be log noise here.
  const composer = new Composer({ merge: false, uniqueKeys: true, logLevel: "error" });
  let nextIndex = 0;
  let tokensInDocument = 0;
  let isSkippingEnd = false;

  function* finish(document: Document.Parsed): Generator<DocumentResult> {
    if (document.errors.length > 0) {
      // The first error is the cause; the rest are usually the parser losing its footing after it.
      yield { ok: false, index: nextIndex++, errors: [describeYamlError(document.errors[0], lines)] };
      return;
    }
    let json: unknown;
    try {
      json = document.toJS({ json: true, mapAsMap: false, maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      // Alias bombs ("billion laughs") are refused by yaml with a throw; that is bad input, not a bug.
      const reason = error instanceof Error ? error.message : String(error);
      yield { ok: false, index: nextIndex++, errors: [{ field: "", message: `could not be read: ${reason}` }] };
      return;
    }
    if (json === null || json === undefined) return;
    yield readDocument(nextIndex++, json);
  }

  function* take(token: CST.Token): Generator<DocumentResult> {
    if (token.type === "document") {
      const tokens = tokensInDocument;
      tokensInDocument = 0;
      if (tokens > MAX_DOCUMENT_TOKENS) {
        // Never composed: the documents before it come out first, then this one as an error.
        for (const document of composer.end()) yield* finish(document);
        const line = lines.linePos(token.offset).line;
        const message = `is too large to read (${tokens} YAML tokens from line ${line}, at most ${MAX_DOCUMENT_TOKENS}); split it into several entities`;
        yield { ok: false, index: nextIndex++, errors: [{ field: "", message }] };
        isSkippingEnd = true;
        return;
      }
      isSkippingEnd = false;
    } else if (token.type === "doc-end" && isSkippingEnd) {
      isSkippingEnd = false;
      return;
    }
    for (const document of composer.next(token)) yield* finish(document);
  }

  let sinceCheckpoint = 0;
  for (const lexeme of new Lexer().lex(text)) {
    tokensInDocument++;
    for (const token of parser.next(lexeme)) {
      for (const result of take(token)) {
        yield result;
        yield CHECKPOINT;
      }
    }
    if (++sinceCheckpoint >= TOKENS_PER_CHECKPOINT) {
      sinceCheckpoint = 0;
      yield CHECKPOINT;
    }
  }
  for (const token of parser.end()) yield* take(token);
  for (const document of composer.end()) yield* finish(document);
}

/**
 * One result per document. `index` is the document's 0-based position in the file counting only
 * documents with content: a stray `---`, a `...` end marker or a comment-only document neither
 * yields a result nor shifts the numbers of the documents after it (Backstage skips them too).
 * Messages from `formatDocumentError` print the same 0-based index.
 * `source` names the file and is carried through for callers' messages.
 */
export function parseDescriptors(text: string, source: string, options: ReadOptions = {}): ParsedDescriptors {
  const documents: DocumentResult[] = [];
  for (const step of readDescriptors(text, options)) if (step !== CHECKPOINT) documents.push(step);
  return { source, documents };
}

/**
 * The same results as `parseDescriptors`, calling `pace` between tokens and documents so a big
 * file does not hold the event loop (pass `eventLoopPacer()`).
 */
export async function parseDescriptorsAsync(
  text: string,
  source: string,
  pace: Pace = noPause,
): Promise<ParsedDescriptors> {
  const documents: DocumentResult[] = [];
  for (const step of readDescriptors(text, {})) {
    if (step === CHECKPOINT) await pace();
    else documents.push(step);
  }
  return { source, documents };
}

/**
 * The same results as `parseDescriptorsAsync`, read on demand: each `next(size)` parses on until it
 * has `size` more documents (fewer at the end of the file, none after it). A streaming import parses
 * the next slice while the database writes the last one.
 */
export function descriptorReader(text: string, pace: Pace = noPause) {
  const steps = readDescriptors(text, {});
  let isDone = false;
  return {
    async next(size: number): Promise<DocumentResult[]> {
      const documents: DocumentResult[] = [];
      while (!isDone && documents.length < size) {
        const step = steps.next();
        if (step.done) isDone = true;
        else if (step.value === CHECKPOINT) await pace();
        else documents.push(step.value);
      }
      return documents;
    },
  };
}

/**
 * One line per error, e.g. `catalog-info.yaml [document 2] spec.owner: must be a string (got 42)`
 * for the third document (indices are 0-based, as in `DocumentResult.index`).
 */
export function formatDocumentError(source: string, result: DocumentResult): string {
  if (result.ok) return "";
  const prefix = `${source} [document ${result.index}]`;
  return result.errors
    .map((error) => (error.field ? `${prefix} ${error.field}: ${error.message}` : `${prefix} ${error.message}`))
    .join("\n");
}
