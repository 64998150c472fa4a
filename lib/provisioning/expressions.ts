// `${{ ... }}` expressions in templates. A tiny path language with a few pure filters — never eval,
// never a shell: a value is looked up in the context and inserted as data.

export type ExpressionContext = Record<string, unknown>;

const EXPRESSION = /\$\{\{\s*([^}]*?)\s*\}\}/g;
const WHOLE = /^\$\{\{\s*([^}]*?)\s*\}\}$/;

const FILTERS: Record<string, (value: unknown) => unknown> = {
  lower: (v) => String(v ?? "").toLowerCase(),
  upper: (v) => String(v ?? "").toUpperCase(),
  /** A DNS-label-safe slug: `feature/Login_2` → `feature-login-2`. */
  slug: (v) =>
    String(v ?? "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 63),
  /** The name part of an entity ref: `component:default/payment-gateway` → `payment-gateway`. */
  entityName: (v) => String(v ?? "").replace(/^.*[:/]/, ""),
  json: (v) => JSON.stringify(v ?? null),
};

export class ExpressionError extends Error {}

/** Parses `a.b['c'].d | filter` into path segments and filters. */
function parse(expression: string): { path: string[]; filters: string[] } {
  const [head, ...filterParts] = expression.split("|").map((s) => s.trim());
  const filters = filterParts.map((f) => {
    if (!FILTERS[f]) throw new ExpressionError(`unknown filter "${f}" in \${{ ${expression} }}`);
    return f;
  });
  const path: string[] = [];
  const token = /\s*(?:([A-Za-z_][A-Za-z0-9_-]*)|\[\s*'([^']*)'\s*\]|\[\s*"([^"]*)"\s*\]|\[\s*(\d+)\s*\]|(\.))/y;
  let index = 0;
  let expectName = true;
  while (index < head.length) {
    token.lastIndex = index;
    const match = token.exec(head);
    if (!match) throw new ExpressionError(`cannot read \${{ ${expression} }} at "${head.slice(index)}"`);
    index = token.lastIndex;
    if (match[5]) {
      expectName = true;
      continue;
    }
    const name = match[1] ?? match[2] ?? match[3] ?? match[4];
    if (match[1] !== undefined && !expectName) throw new ExpressionError(`cannot read \${{ ${expression} }}`);
    path.push(name);
    expectName = false;
  }
  if (path.length === 0) throw new ExpressionError("empty expression");
  return { path, filters };
}

function lookup(context: ExpressionContext, path: string[]): unknown {
  let value: unknown = context;
  for (const segment of path) {
    if (value === null || value === undefined || typeof value !== "object") return undefined;
    // Own properties only: no prototype walking (`constructor`, `__proto__`).
    if (!Object.prototype.hasOwnProperty.call(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

export function evaluate(expression: string, context: ExpressionContext): unknown {
  const { path, filters } = parse(expression);
  return filters.reduce((value, f) => FILTERS[f](value), lookup(context, path));
}

/** Renders one string: a lone expression keeps its type, mixed text interpolates strings. */
export function renderString(text: string, context: ExpressionContext): unknown {
  const whole = WHOLE.exec(text);
  if (whole) return evaluate(whole[1], context);
  return text.replace(EXPRESSION, (_, expression: string) => {
    const value = evaluate(expression, context);
    if (value === undefined || value === null) return "";
    return typeof value === "object" ? JSON.stringify(value) : String(value);
  });
}

/** Renders every string inside a value (objects, arrays), leaving other values as they are. */
export function renderValue(value: unknown, context: ExpressionContext): unknown {
  if (typeof value === "string") return renderString(value, context);
  if (Array.isArray(value)) return value.map((v) => renderValue(v, context));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderValue(v, context)]));
  }
  return value;
}

/** `if:` semantics: false, "false", "", 0, null and undefined skip the step. */
export function isTruthy(value: unknown): boolean {
  if (typeof value === "string") return value !== "" && value.toLowerCase() !== "false";
  return Boolean(value);
}

export type ExpressionRef = { expression: string; path: string[] } | { expression: string; error: string };

/** Every `${{ … }}` inside a value (strings in objects and arrays), parsed: its path, or why it cannot be read. */
export function expressionsIn(value: unknown): ExpressionRef[] {
  if (typeof value === "string") {
    return [...value.matchAll(EXPRESSION)].map(([, expression]) => {
      try {
        return { expression, path: parse(expression).path };
      } catch (error) {
        return { expression, error: error instanceof Error ? error.message : String(error) };
      }
    });
  }
  if (Array.isArray(value)) return value.flatMap(expressionsIn);
  if (value && typeof value === "object") return Object.values(value).flatMap(expressionsIn);
  return [];
}

export type PlacedExpression = { at: string[]; ref: ExpressionRef };

/** Every `${{ … }}` inside a value with where it sits (`headers.Authorization`, `args.2`). */
export function expressionsAt(value: unknown, at: string[] = []): PlacedExpression[] {
  if (typeof value === "string") return expressionsIn(value).map((ref) => ({ at, ref }));
  if (Array.isArray(value)) return value.flatMap((v, i) => expressionsAt(v, [...at, String(i)]));
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => expressionsAt(v, [...at, k]));
  return [];
}

/** The names of the secrets a value's expressions refer to, so a template can be checked before it runs. */
export function referencedSecrets(value: unknown): string[] {
  return expressionsIn(value).flatMap((ref) =>
    "path" in ref && ref.path[0] === "secrets" && ref.path[1] ? [ref.path[1]] : [],
  );
}
