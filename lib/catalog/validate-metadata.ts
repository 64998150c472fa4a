// The checks Backstage applies to `metadata` of every kind: the EntityMeta schema plus
// FieldFormatEntityPolicy's formats for name, namespace, labels, annotations, tags and links.
import {
  RULES,
  describeValue,
  isNonBlankString,
  isPlainObject,
  isTextPlaceholder,
  isValidDnsLabel,
  isValidLabelValue,
  isValidObjectName,
  isValidPrefixedKey,
  isValidTag,
  isValidUrl,
  keyPath,
  placeholderHint,
  placeholderStringHint,
  quoteHint,
} from "./field-rules";
import type { FieldError } from "./types";

function checkName(name: unknown, errors: FieldError[]): void {
  const field = "metadata.name";
  if (name === undefined || name === null) {
    errors.push({ field, message: "is required" });
  } else if (typeof name !== "string") {
    const hint = quoteHint(name) || placeholderHint(name);
    errors.push({ field, message: `must be a string (got ${describeValue(name)})${hint}` });
  } else if (!isValidObjectName(name)) {
    errors.push({ field, message: `${RULES.name} (got ${describeValue(name)})${placeholderHint(name)}` });
  }
}

// "non-empty" is the schema's minLength 1; "non-blank" is Backstage's isValidString (trimmed).
type StringRule = "any" | "non-empty" | "non-blank";

function mustBeString(value: unknown): string {
  return `must be a string (got ${describeValue(value)})${quoteHint(value) || placeholderStringHint(value)}`;
}

// Backstage resolves `{ $text: ./file }` anywhere before it validates, so it stands for a string.
function checkOptionalString(field: string, value: unknown, errors: FieldError[], rule: StringRule): void {
  if (value === undefined || isTextPlaceholder(value)) return;
  if (typeof value !== "string") {
    errors.push({ field, message: mustBeString(value) });
  } else if ((rule === "non-empty" && value === "") || (rule === "non-blank" && !isNonBlankString(value))) {
    errors.push({ field, message: "must not be empty" });
  }
}

function checkKeyValues(field: "labels" | "annotations", value: unknown, errors: FieldError[]): void {
  const parent = `metadata.${field}`;
  // Backstage replaces a falsy `annotations` (an empty `annotations:` reads as null) with the
  // location annotations it adds to every entity read from a file, so it never fails on one.
  if (value === undefined || (field === "annotations" && !value)) return;
  if (!isPlainObject(value)) {
    errors.push({ field: parent, message: `must be a mapping of key: value (got ${describeValue(value)})` });
    return;
  }
  for (const [key, entry] of Object.entries(value)) {
    const path = keyPath(parent, key);
    if (!isValidPrefixedKey(key)) errors.push({ field: path, message: `key ${JSON.stringify(key)} ${RULES.key}` });
    if (field === "annotations" && isTextPlaceholder(entry)) continue;
    if (typeof entry !== "string") {
      errors.push({ field: path, message: mustBeString(entry) });
    } else if (field === "labels" && !isValidLabelValue(entry)) {
      errors.push({ field: path, message: `${RULES.labelValue} (got ${describeValue(entry)})` });
    }
  }
}

function checkTags(value: unknown, errors: FieldError[]): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    errors.push({ field: "metadata.tags", message: `must be a list of tags (got ${describeValue(value)})` });
    return;
  }
  value.forEach((tag: unknown, i) => {
    if (!isValidTag(tag)) {
      errors.push({ field: `metadata.tags[${i}]`, message: `${RULES.tag} (got ${describeValue(tag)})` });
    }
  });
}

function checkLink(link: unknown, i: number, errors: FieldError[]): void {
  const field = `metadata.links[${i}]`;
  if (!isPlainObject(link)) {
    errors.push({ field, message: `must be a mapping with at least a url (got ${describeValue(link)})` });
    return;
  }
  if (link.url === undefined || link.url === null) {
    errors.push({ field: `${field}.url`, message: "is required" });
  } else if (!isValidUrl(link.url)) {
    errors.push({
      field: `${field}.url`,
      message: `must be an absolute URL such as https://example.com (got ${describeValue(link.url)})`,
    });
  }
  checkOptionalString(`${field}.title`, link.title, errors, "non-blank");
  checkOptionalString(`${field}.type`, link.type, errors, "non-blank");
  if (link.icon !== undefined && !isValidObjectName(link.icon)) {
    errors.push({ field: `${field}.icon`, message: `${RULES.name} (got ${describeValue(link.icon)})` });
  }
}

/** Every problem with `metadata`, each naming its field. */
export function validateMetadata(metadata: unknown): FieldError[] {
  if (!isPlainObject(metadata)) {
    const message = metadata === undefined ? "is required" : `must be a mapping (got ${describeValue(metadata)})`;
    return [{ field: "metadata", message }];
  }
  const errors: FieldError[] = [];
  checkName(metadata.name, errors);
  if (metadata.namespace !== undefined && !isValidDnsLabel(metadata.namespace)) {
    errors.push({
      field: "metadata.namespace",
      message: `${RULES.namespace} (got ${describeValue(metadata.namespace)})`,
    });
  }
  checkOptionalString("metadata.title", metadata.title, errors, "non-empty");
  checkOptionalString("metadata.description", metadata.description, errors, "any");
  checkKeyValues("labels", metadata.labels, errors);
  checkKeyValues("annotations", metadata.annotations, errors);
  checkTags(metadata.tags, errors);
  if (metadata.links !== undefined) {
    if (Array.isArray(metadata.links)) metadata.links.forEach((link: unknown, i) => checkLink(link, i, errors));
    else
      errors.push({
        field: "metadata.links",
        message: `must be a list of links (got ${describeValue(metadata.links)})`,
      });
  }
  return errors;
}
