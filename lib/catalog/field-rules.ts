// Backstage's field-format rules (catalog-model's KubernetesValidatorFunctions and
// CommonValidatorFunctions), each paired with the sentence we show when a value breaks it.
import type { FieldError } from "./types";

// Backstage's own pattern. It is looser than its error text ("sequences of [a-zA-Z0-9] separated
// by any of [-_.]"): inner separators may repeat (`a--b`, `a._b`), and we accept what it accepts.
const OBJECT_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_LABEL = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const KIND = /^[a-zA-Z][a-z0-9A-Z]*$/;
const TAG = /^[a-z0-9:+#]+(-[a-z0-9:+#]+)*$/;

export const RULES = {
  name: 'must be 1-63 characters: letters, digits and "-", "_", ".", starting and ending with a letter or digit',
  namespace: 'must be 1-63 characters: lowercase letters, digits and single "-" between them',
  kind: "must be a letter followed by letters or digits, at most 63 characters",
  tag: 'must be 1-63 characters: groups of lowercase letters, digits, ":", "+" or "#" joined by single "-"',
  key: 'must be a name (letters, digits, "-", "_", "."), optionally prefixed by a lowercase DNS domain and "/", e.g. "example.com/my-key"',
  labelValue:
    'must be empty or 1-63 characters: letters, digits and "-", "_", ".", starting and ending with a letter or digit',
} as const;

export function isValidObjectName(value: unknown): value is string {
  return typeof value === "string" && value.length >= 1 && value.length <= 63 && OBJECT_NAME.test(value);
}

export function isValidDnsLabel(value: unknown): value is string {
  return typeof value === "string" && value.length >= 1 && value.length <= 63 && DNS_LABEL.test(value);
}

export function isValidKind(value: unknown): value is string {
  return typeof value === "string" && value.length >= 1 && value.length <= 63 && KIND.test(value);
}

export function isValidTag(value: unknown): value is string {
  return typeof value === "string" && value.length >= 1 && value.length <= 63 && TAG.test(value);
}

function isValidDnsSubdomain(value: string): boolean {
  return value.length >= 1 && value.length <= 253 && value.split(".").every(isValidDnsLabel);
}

/** Label and annotation keys: `name` or `dns.prefix/name`, never more than one "/". */
export function isValidPrefixedKey(value: string): boolean {
  const parts = value.split("/");
  if (parts.length === 1) return isValidObjectName(parts[0]);
  if (parts.length === 2) return isValidDnsSubdomain(parts[0]) && isValidObjectName(parts[1]);
  return false;
}

export function isValidLabelValue(value: unknown): boolean {
  return value === "" || isValidObjectName(value);
}

export function isValidUrl(value: unknown): boolean {
  if (typeof value !== "string") return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

export function isNonBlankString(value: unknown): value is string {
  return typeof value === "string" && value.trim().length >= 1;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A short, quoted rendering of a bad value for an error message. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (typeof value === "string") {
    const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
    return JSON.stringify(shown);
  }
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return String(value);
}

// YAML turns `id: 123` or `flag: true` into a number or boolean; Backstage wants a string.
export function quoteHint(value: unknown): string {
  return typeof value === "number" || typeof value === "boolean" ? `; quote it: '${String(value)}'` : "";
}

const PLACEHOLDER = /\$\{\{.*\}\}|\{\{.*\}\}|\$\{[^}]*\}|\{%.*%\}/;

// An unquoted `{{ x }}` is a YAML flow mapping, so it reaches us as `{ "{ x }": null }`.
function isUnquotedPlaceholder(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && /^\{.*\}$/.test(keys[0]) && value[keys[0]] === null;
}

/** A hint when a value looks like an unrendered scaffolder/cookiecutter placeholder. */
export function placeholderHint(value: unknown): string {
  const isPlaceholder = (typeof value === "string" && PLACEHOLDER.test(value)) || isUnquotedPlaceholder(value);
  return isPlaceholder
    ? "; this looks like an unfilled template placeholder, so the file is probably a template skeleton rather than a real descriptor"
    : "";
}

/** `metadata.annotations["github.com/project-slug"]`: bracket keys that are not plain words. */
export function keyPath(parent: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

// The resolvers a default Backstage catalog installs; `$openapi` and the like need extra modules.
const DEFAULT_PLACEHOLDERS = ["$text", "$json", "$yaml"];

/** The `$key` of a one-key `{ $key: "..." }` mapping: the shape Backstage's PlaceholderProcessor resolves. */
export function placeholderKey(value: unknown): string | undefined {
  if (!isPlainObject(value)) return undefined;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0].startsWith("$") && typeof value[keys[0]] === "string" ? keys[0] : undefined;
}

/**
 * `{ $text: ./openapi.yaml }` and friends: Backstage's PlaceholderProcessor replaces these with
 * file contents before it validates, so a field holding one cannot be judged until it is resolved.
 */
export function isSubstitutionPlaceholder(value: unknown): boolean {
  const key = placeholderKey(value);
  return key !== undefined && DEFAULT_PLACEHOLDERS.includes(key);
}

/** `$text` always resolves to a string, so it may stand wherever any string may. */
export function isTextPlaceholder(value: unknown): boolean {
  return placeholderKey(value) === "$text";
}

/** Why a placeholder other than `$text` fails where a string is needed; "" for other values. */
export function placeholderStringHint(value: unknown): string {
  const key = placeholderKey(value);
  if (key === "$json" || key === "$yaml") {
    return `; ${key} embeds the file's parsed data rather than its text, so the field would not be a string: use $text`;
  }
  if (key) {
    return `; ${key} is not one of Backstage's built-in placeholders ($text, $json, $yaml), so it stays a mapping unless an extra catalog module resolves it`;
  }
  return "";
}

/** A spec string: present, non-empty (the schemas' minLength 1), or a `$text` placeholder. */
export function checkString(field: string, value: unknown, errors: FieldError[]): void {
  // Backstage resolves `$text` before it validates; `$json`/`$yaml` resolve to parsed data.
  if (isTextPlaceholder(value)) return;
  if (typeof value !== "string") {
    const hint = quoteHint(value) || placeholderStringHint(value);
    errors.push({ field, message: `must be a string (got ${describeValue(value)})${hint}` });
  } else if (value.length === 0) {
    errors.push({ field, message: "must not be empty" });
  }
}
