import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The import graph of the source tree: no cycles between files, and none between lib/ domains.
// (Layer rules — lib/ without Next, components/ without app/, db/ without lib/ — are in eslint.config.mjs.)

const ROOT = path.resolve(import.meta.dirname, "..");
const DIRS = ["app", "components", "lib", "db", "scripts"];
const EXTENSIONS = [".ts", ".tsx", "/index.ts", "/index.tsx"];

function sourceFiles(): string[] {
  return DIRS.flatMap((dir) =>
    fs
      .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" })
      .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
      .map((f) => path.join(dir, f)),
  );
}

function resolve(from: string, specifier: string): string | null {
  const base = specifier.startsWith("@/")
    ? path.join(ROOT, specifier.slice(2))
    : specifier.startsWith(".")
      ? path.resolve(ROOT, path.dirname(from), specifier)
      : null;
  if (!base) return null;
  for (const ext of ["", ...EXTENSIONS]) {
    const candidate = base + ext;
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return path.relative(ROOT, candidate);
  }
  return null;
}

/** Value imports only: `import type` and `export type` vanish at run time and cannot form a cycle. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), "utf8");
  const specifiers = [...text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+["']([^"']+)["']/gms)].map(
    (m) => m[1],
  );
  specifiers.push(...[...text.matchAll(/await import\(["']([^"']+)["']\)/g)].map((m) => m[1]));
  return specifiers.map((s) => resolve(file, s)).filter((f): f is string => f !== null && !/\.test\.tsx?$/.test(f));
}

/** Strongly connected components with more than one member (Tarjan). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const meta = new Map<string, { index: number; low: number; onStack: boolean }>();
  const found: string[][] = [];
  const visit = (node: string) => {
    meta.set(node, { index, low: index, onStack: true });
    index++;
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!meta.has(next)) {
        visit(next);
        meta.get(node)!.low = Math.min(meta.get(node)!.low, meta.get(next)!.low);
      } else if (meta.get(next)!.onStack) meta.get(node)!.low = Math.min(meta.get(node)!.low, meta.get(next)!.index);
    }
    if (meta.get(node)!.low === meta.get(node)!.index) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        meta.get(member)!.onStack = false;
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!meta.has(node)) visit(node);
  return found;
}

const domainOf = (file: string) => (file.startsWith("lib/") && file.split("/").length > 2 ? file.split("/")[1] : null);

describe("architecture", () => {
  const files = sourceFiles();
  const graph = new Map(files.map((f) => [f, new Set(importsOf(f))]));

  it("has no import cycle between files", () => {
    expect(cycles(graph)).toEqual([]);
  });

  it("has no import cycle between lib/ domains", () => {
    const domains = new Map<string, Set<string>>();
    for (const [file, imports] of graph) {
      const from = domainOf(file);
      if (!from) continue;
      if (!domains.has(from)) domains.set(from, new Set());
      for (const target of imports) {
        const to = domainOf(target);
        if (to && to !== from) domains.get(from)!.add(to);
      }
    }
    expect(cycles(domains).map((c) => c.join(" ↔ "))).toEqual([]);
  });
});
