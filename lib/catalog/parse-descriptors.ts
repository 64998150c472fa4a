// Reads a descriptor file (YAML, possibly multi-document, or JSON) into one result per document,
// following Backstage's parseEntityYaml: each document stands or falls on its own.
import { parseAllDocuments, type YAMLError } from "yaml";
import { deriveRelations } from "./derive-relations";
import { stringifyEntityRef } from "./refs";
import type { DocumentResult, FieldError } from "./types";
import { validateEntity } from "./validate-entity";

export type ParsedDescriptors = { source: string; documents: DocumentResult[] };

// Friendlier words for the syntax errors people actually make in catalog files.
const FRIENDLY_YAML_ERRORS: Record<string, string> = {
  DUPLICATE_KEY: "the same key appears twice in one mapping",
  TAB_AS_INDENT: "tabs cannot be used for indentation, use spaces",
};

function describeYamlError(error: YAMLError): FieldError {
  // yaml's message ends with " at line L, column C:" and a code excerpt; we keep the sentence.
  const sentence = error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
  const friendly = FRIENDLY_YAML_ERRORS[error.code];
  const text = friendly ? `${friendly} (${sentence})` : sentence;
  const position = error.linePos?.[0];
  const where = position ? ` at line ${position.line}, column ${position.col}` : "";
  return { field: "", message: `YAML syntax error${where}: ${text}` };
}

function readDocument(index: number, json: unknown): DocumentResult {
  const validated = validateEntity(json);
  if (!validated.ok) return { ok: false, index, ref: validated.ref, errors: validated.errors };

  const { entity } = validated;
  const ref = stringifyEntityRef(entity);
  const { relations, errors } = deriveRelations(entity);
  if (errors.length > 0) return { ok: false, index, ref, errors };
  return { ok: true, index, entity, ref, relations };
}

/**
 * One result per document. `index` is the document's 0-based position in the file counting only
 * documents with content: a stray `---`, a `...` end marker or a comment-only document neither
 * yields a result nor shifts the numbers of the documents after it (Backstage skips them too).
 * Messages from `formatDocumentError` print the same 0-based index.
 * `source` names the file and is carried through for callers' messages.
 */
export function parseDescriptors(text: string, source: string): ParsedDescriptors {
  const documents: DocumentResult[] = [];
  // Merge keys (`<<:`) stay off as in Backstage, where they are opt-in; warnings such as
  // "keys with collection values will be stringified" would only be log noise here.
  const parsed = parseAllDocuments(text, { merge: false, uniqueKeys: true, logLevel: "error" });
  let nextIndex = 0;

  for (const document of parsed) {
    if (document.errors.length > 0) {
      const index = nextIndex++;
      // The first error is the cause; the rest are usually the parser losing its footing after it.
      documents.push({ ok: false, index, errors: [describeYamlError(document.errors[0])] });
      continue;
    }
    let json: unknown;
    try {
      json = document.toJSON();
    } catch (error) {
      // Alias bombs ("billion laughs") are refused by yaml with a throw; that is bad input, not a bug.
      const index = nextIndex++;
      const reason = error instanceof Error ? error.message : String(error);
      documents.push({ ok: false, index, errors: [{ field: "", message: `could not be read: ${reason}` }] });
      continue;
    }
    if (json === null || json === undefined) continue;
    documents.push(readDocument(nextIndex++, json));
  }
  return { source, documents };
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
