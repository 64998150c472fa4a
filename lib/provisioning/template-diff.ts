// A readable line diff between the published version of a template and the entity as it is now,
// both as YAML: what an admin reads before publishing a change.
import { stringify } from "yaml";

export type DiffLine = { kind: "same" | "added" | "removed" | "skipped"; text: string };

/** YAML with keys in a stable order, so a reordering is not a change. */
export function templateYaml(body: unknown): string {
  return stringify(body, { sortMapEntries: false, lineWidth: 0 });
}

/** Longest-common-subsequence line diff; unchanged runs longer than 2 × context are folded. */
export function diffLines(before: string, after: string, context = 3): DiffLine[] {
  const a = before.split("\n");
  const b = after.split("\n");
  // Templates are small (hundreds of lines): the quadratic table is fine; guard the pathological case.
  if (a.length * b.length > 4_000_000)
    return [
      ...a.map((text) => ({ kind: "removed" as const, text })),
      ...b.map((text) => ({ kind: "added" as const, text })),
    ];
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push({ kind: "same", text: a[i] });
      i++;
      j++;
    } else if (j < b.length && (i === a.length || lcs[i][j + 1] >= lcs[i + 1][j]))
      lines.push({ kind: "added", text: b[j++] });
    else lines.push({ kind: "removed", text: a[i++] });
  }
  return fold(lines, context);
}

function fold(lines: DiffLine[], context: number): DiffLine[] {
  const near = lines.map((_, index) =>
    lines.slice(Math.max(0, index - context), index + context + 1).some((l) => l.kind !== "same"),
  );
  const folded: DiffLine[] = [];
  for (let index = 0; index < lines.length; index++) {
    if (near[index]) {
      folded.push(lines[index]);
      continue;
    }
    let end = index;
    while (end + 1 < lines.length && !near[end + 1]) end++;
    folded.push({ kind: "skipped", text: `${end - index + 1} unchanged line${end > index ? "s" : ""}` });
    index = end;
  }
  return folded;
}
