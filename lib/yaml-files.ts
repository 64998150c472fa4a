// The YAML files under a directory (templates, scorecards): recursive, sorted, none when it is missing.
import fs from "node:fs";
import path from "node:path";

export function yamlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.ya?ml$/i.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}
