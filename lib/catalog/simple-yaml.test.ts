import fs from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { syntheticCatalog } from "@/scripts/bench/synthetic-catalog";
import { readSimpleYaml } from "./simple-yaml";

function simple(text: string): unknown[] | null {
  const reading = readSimpleYaml(text);
  let step = reading.next();
  while (!step.done) step = reading.next();
  return step.value;
}

/** What parse-descriptors.ts gets from yaml for a file without errors: each document's JSON, empty ones left out. */
function viaYaml(text: string): unknown[] {
  const documents = parseAllDocuments(text, { merge: false, uniqueKeys: true, logLevel: "error" });
  const list = Array.isArray(documents) ? documents : [documents];
  for (const document of list) expect(document.errors).toEqual([]);
  return list.map((d) => d.toJS({ json: true, mapAsMap: false })).filter((json) => json !== null && json !== undefined);
}

const repositoryYaml = ["lib/demo/data", "templates", "scorecards", "lib/provisioning/test-templates"].flatMap((dir) =>
  fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => path.join(dir, name)),
);

// Each is read by the fast path; the values must be exactly yaml's.
const ACCEPTED: string[] = [
  "a: 1\nb: true\nc: null\nd: ~\ne:\nf: False\ng: 0\n",
  "list:\n  - one\n  - 'two'\n  - \"three\"\nflow: [a, 'b', \"c\", component:x-1, group:default/team-a]\nempty: []\n",
  "spec:\n  owner: team-a # who\n  # a comment line\n  deps:\n  - component:a\n  - component:b\nnext: x\n",
  "---\n# only a comment\n---\nkind: Component\n---\n\n---\nkind: API\n",
  "links:\n  - url: https://example.com/a#b\n    title: A page\n  -   url: http://x\n      icon: docs\nafter: 1\n",
  "metadata:\n  annotations:\n    backstage.io/techdocs-ref: dir:.\n    github.com/project-slug: acme/payments\n  tags: [java, tier-1]\n",
  "description: Ünïcode — déjà vu, 100% (ok) [fine] {too} a#b\nq: \"a # not a comment\"\n",
  "yes: no\non: off\ny: n\n",
];

// Each has some meaning the fast path does not take on: it must hand the text to yaml.
const DECLINED: string[] = [
  "a: 0x1F\n",
  "a: 007\n",
  "a: 1.5\n",
  "a: -1\n",
  "a: +1\n",
  "a: .inf\n",
  "a: 2020-01-01\n",
  "a: &x 1\nb: *x\n",
  "a: !!str 1\n",
  "a: |\n  text\n",
  "a: >\n  text\n",
  "a: plain\n  continued\n",
  'a: "esc\\n"\n',
  "a: 'it''s'\n",
  "a: {b: 1}\n",
  "a: [b, [c]]\n",
  "a: [b,]\n",
  "a: [b: c]\n",
  "a: b: c\n",
  "a: 1\na: 2\n",
  "<<: {a: 1}\n",
  "true: 1\n",
  "__proto__: 1\n",
  "a:\r\n  b: 1\r\n",
  "a:\n\tb: 1\n",
  "\ufeffa: 1\n",
  "%YAML 1.2\n---\na: 1\n",
  "a: 1\n...\n",
  "--- a: 1\n",
  "  a: 1\n",
  "- a\n- b\n",
  "scalar\n",
  "a:\n  b: 1\n   c: 2\n",
  "a:\n    b: 1\n  c: 2\n",
  "a: 'unterminated\n",
  "a: x\u2028y\n",
  "a: 😀\n",
  "a:\n  -\n    b: 1\n",
  "a:\n  - - b\n",
  "? a\n: b\n",
  "a b: 1\n",
  "a: @x\n",
  "a: `x`\n",
  "a: %x\n",
];

// White space other than spaces, and control characters: read alike or declined, never read differently.
const ALIKE_OR_DECLINED: string[] = [
  "a: b\u00a0\n",
  "a:\n\u00a0 b: 1\n",
  "a: 1\n\u000c\nb: 2\n",
  "a: 1 # bell \u0007\n",
  "# \u0000\na: 1\n",
  "a: b\u3000c\u3000\n",
  "a: [b\u00a0, c]\n",
];

describe("readSimpleYaml", () => {
  it("reads the bench's synthetic catalog as yaml does (the common case takes the fast path)", () => {
    for (const file of syntheticCatalog(2_000, 500)) {
      const fast = simple(file.text);
      expect(fast).not.toBeNull();
      expect(fast).toEqual(viaYaml(file.text));
    }
  });

  it.each(repositoryYaml)("reads %s as yaml does, or declines", (file) => {
    const text = fs.readFileSync(file, "utf8");
    const fast = simple(text);
    if (fast !== null) expect(fast).toEqual(viaYaml(text));
  });

  it.each(ACCEPTED)("reads %j as yaml does", (text) => {
    const fast = simple(text);
    expect(fast).not.toBeNull();
    expect(fast).toEqual(viaYaml(text));
  });

  it.each(DECLINED)("leaves %j to yaml", (text) => {
    expect(simple(text)).toBeNull();
  });

  it.each(ALIKE_OR_DECLINED)("reads %j as yaml does, or declines", (text) => {
    const fast = simple(text);
    if (fast !== null) {
      const documents = parseAllDocuments(text, { merge: false, uniqueKeys: true, logLevel: "error" });
      const list = Array.isArray(documents) ? documents : [documents];
      expect(list.flatMap((d) => d.errors)).toEqual([]);
      expect(fast).toEqual(viaYaml(text));
    }
  });

  it("leaves a document that could be over the token limit to yaml", () => {
    const big = `items:\n${"  - x\n".repeat(6_000)}`;
    expect(simple(big)).toBeNull();
    expect(simple(`items:\n${"  - x\n".repeat(100)}`)).toHaveLength(1);
  });
});
