/**
 * Descriptor fields may hold Backstage placeholders (`description: { $text: ./README.md }`),
 * which we store as written. Pages show text, so such a value reads as what it points to.
 */
export function displayText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const [key, target] = Object.entries(value)[0] ?? [];
    if (key?.startsWith("$") && typeof target === "string") return `(${key}: ${target})`;
  }
  return undefined;
}
