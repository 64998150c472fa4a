import { describe, expect, it } from "vitest";
import { MAX_DOCUMENT_TOKENS } from "./document-limits";
import { eventLoopPacer } from "./event-loop";
import { formatDocumentError, parseDescriptors, parseDescriptorsAsync, quickRead } from "./parse-descriptors";
import type { DocumentResult } from "./types";

const component = (name: string, owner = "team-a") => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
spec:
  type: service
  lifecycle: production
  owner: ${owner}
`;

const summary = (documents: DocumentResult[]) => documents.map((d) => [d.index, d.ok, d.ref]);

describe("parseDescriptors", () => {
  it("reads one document with its ref and relations", () => {
    const { source, documents } = parseDescriptors(component("billing"), "catalog-info.yaml");
    expect(source).toBe("catalog-info.yaml");
    expect(documents).toEqual([
      {
        ok: true,
        index: 0,
        ref: "component:default/billing",
        entity: expect.objectContaining({ kind: "Component" }),
        relations: [
          { sourceRef: "component:default/billing", type: "ownedBy", targetRef: "group:default/team-a" },
          { sourceRef: "group:default/team-a", type: "ownerOf", targetRef: "component:default/billing" },
        ],
      },
    ]);
  });

  it("keeps the other documents when one in the middle is invalid", () => {
    const text = [component("a"), component("b", "42"), component("c")].join("---\n");
    const { documents } = parseDescriptors(text, "catalog-info.yaml");
    expect(summary(documents)).toEqual([
      [0, true, "component:default/a"],
      [1, false, "component:default/b"],
      [2, true, "component:default/c"],
    ]);
    expect(formatDocumentError("catalog-info.yaml", documents[1])).toBe(
      "catalog-info.yaml [document 1] spec.owner: must be a string (got 42); quote it: '42'",
    );
  });

  it("skips empty documents and end markers without shifting indices", () => {
    const text = `# header comment\n---\n${component("a")}---\n---\n# only a comment\n---\n${component("b")}...\n---\n${component("c")}---\n`;
    expect(summary(parseDescriptors(text, "f.yaml").documents)).toEqual([
      [0, true, "component:default/a"],
      [1, true, "component:default/b"],
      [2, true, "component:default/c"],
    ]);
  });

  it("returns nothing for an empty or comment-only file", () => {
    expect(parseDescriptors("", "f.yaml").documents).toEqual([]);
    expect(parseDescriptors("# nothing yet\n", "f.yaml").documents).toEqual([]);
  });

  it("reads CRLF files, including block scalars", () => {
    const text = `${component("a")}  system: s\n---\n${component("b")}`.replace(/\n/g, "\r\n");
    const withDescription = text.replace(
      "name: a\r\n",
      "name: a\r\n  description: |\r\n    line one\r\n    line two\r\n",
    );
    const { documents } = parseDescriptors(withDescription, "f.yaml");
    expect(summary(documents)).toEqual([
      [0, true, "component:default/a"],
      [1, true, "component:default/b"],
    ]);
    expect(documents[0].ok && documents[0].entity.metadata.description).toBe("line one\nline two\n");
  });

  it("reads JSON, which is YAML", () => {
    const json = JSON.stringify(
      {
        apiVersion: "backstage.io/v1alpha1",
        kind: "Group",
        metadata: { name: "team-a" },
        spec: { type: "team", children: ["sub"] },
      },
      null,
      "\t",
    );
    const { documents } = parseDescriptors(json, "catalog-info.json");
    expect(documents[0]).toMatchObject({ ok: true, ref: "group:default/team-a" });
  });

  it("reports a syntax error with line and column, and still reads the other documents", () => {
    const text = `${component("a")}---\napiVersion: backstage.io/v1alpha1\n  this: - is - not [valid] yaml\n---\n${component("c")}`;
    const { documents } = parseDescriptors(text, "f.yaml");
    expect(summary(documents)).toEqual([
      [0, true, "component:default/a"],
      [1, false, undefined],
      [2, true, "component:default/c"],
    ]);
    const line = formatDocumentError("f.yaml", documents[1]);
    expect(line).toMatch(/^f\.yaml \[document 1\] YAML syntax error at line 10, column 13: /);
  });

  it("reports duplicate keys with their position", () => {
    const { documents } = parseDescriptors(`${component("a")}metadata:\n  name: again\n`, "f.yaml");
    expect(documents[0]).toMatchObject({ ok: false, index: 0 });
    expect(formatDocumentError("f.yaml", documents[0])).toContain(
      "YAML syntax error at line 9, column 1: the same key appears twice",
    );
  });

  it("rejects a document that is not a mapping, counting it as a document", () => {
    const { documents } = parseDescriptors(`just a string\n---\n- a\n- list\n---\n${component("c")}`, "f.yaml");
    expect(summary(documents)).toEqual([
      [0, false, undefined],
      [1, false, undefined],
      [2, true, "component:default/c"],
    ]);
    expect(formatDocumentError("f.yaml", documents[1])).toContain(
      "must be a mapping with apiVersion, kind, metadata and spec (got a list)",
    );
  });

  it("does not expand merge keys, like Backstage", () => {
    const text = `${component("a")}  <<: { system: s }\n`;
    const [document] = parseDescriptors(text, "f.yaml").documents;
    expect(document.ok).toBe(true);
    expect(document.ok && document.entity.spec).toMatchObject({ "<<": { system: "s" } });
    expect(document.ok && document.entity.spec?.system).toBeUndefined();
  });

  it("refuses alias bombs as a document error", () => {
    // Each level repeats the previous one nine times: 9^7 strings once expanded.
    const names = "abcdefg";
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < names.length; i++) {
      lines.push(
        `${names[i]}: &${names[i]} [${Array(9)
          .fill(`*${names[i - 1]}`)
          .join(", ")}]`,
      );
    }
    const { documents } = parseDescriptors(lines.join("\n"), "f.yaml");
    expect(documents).toEqual([
      { ok: false, index: 0, errors: [{ field: "", message: expect.stringContaining("could not be read") }] },
    ]);
  });

  it("fails the whole document when a relation ref is malformed", () => {
    const text = component("a").replace("owner: team-a", "owner: team-a\n  dependsOn: [db]");
    const { documents } = parseDescriptors(text, "f.yaml");
    expect(documents[0]).toMatchObject({ ok: false, index: 0, ref: "component:default/a" });
    expect(formatDocumentError("f.yaml", documents[0])).toContain(
      'f.yaml [document 0] spec.dependsOn[0]: "db" has no kind',
    );
  });

  it("decides per document as a default Backstage catalog would", () => {
    const text = [
      // All annotations commented out leaves `annotations:` empty: Backstage fills it in.
      component("kept").replace(
        "  name: kept\n",
        "  name: kept\n  annotations:\n    # backstage.io/techdocs-ref: dir:.\n",
      ),
      `${component("exported")}relations:\n  - type: ownedBy\n    target: { kind: group, namespace: default, name: team-a }\n`,
      "apiVersion: backstage.io/v1alpha1\nkind: Environment\nmetadata:\n  name: staging\nspec:\n  lifecycle: staging\n",
      "apiVersion: backstage.io/v1beta2\nkind: Template\nmetadata:\n  name: old\nspec:\n  type: service\n  steps: [{ action: fetch:plain }]\n",
    ].join("---\n");
    const { documents } = parseDescriptors(text, "f.yaml");
    expect(summary(documents)).toEqual([
      [0, true, "component:default/kept"],
      [1, false, "component:default/exported"],
      [2, false, "environment:default/staging"],
      [3, false, "template:default/old"],
    ]);
    expect(documents.slice(1).map((d) => (d.ok ? "" : d.errors[0].field))).toEqual(["relations", "kind", "apiVersion"]);
  });

  it("explains unquoted template placeholders", () => {
    const { documents } = parseDescriptors(component("{{ cookiecutter.name }}"), "f.yaml");
    expect(formatDocumentError("f.yaml", documents[0])).toContain(
      "metadata.name: must be a string (got a mapping); this looks like an unfilled template placeholder",
    );
  });
});

describe("parseDescriptors on hostile input: a per-document error with the field, never a throw", () => {
  const errorsOf = (text: string) =>
    parseDescriptors(text, "f.yaml").documents.map((d) => (d.ok ? null : { ref: d.ref, ...d.errors[0] }));

  it("refuses NUL characters (escaped or raw) and unpaired surrogates, which PostgreSQL cannot store, and keeps the ref", () => {
    const withDescription = (value: string) =>
      component("a").replace("  name: a\n", `  name: a\n  description: ${value}\n`);
    expect(errorsOf(withDescription('"x\\0y"'))).toEqual([
      { ref: "component:default/a", field: "metadata.description", message: expect.stringContaining("NUL character") },
    ]);
    expect(errorsOf(withDescription("x\u0000y"))).toEqual([
      { ref: "component:default/a", field: "metadata.description", message: expect.stringContaining("NUL") },
    ]);
    expect(errorsOf(withDescription('"\\ud800 alone"'))).toEqual([
      {
        ref: "component:default/a",
        field: "metadata.description",
        message: expect.stringContaining("unpaired UTF-16 surrogate"),
      },
    ]);
    expect(errorsOf(withDescription('"\\udc00"'))[0]?.message).toContain("surrogate");
    // A proper pair (an emoji written as two escapes) is fine.
    expect(parseDescriptors(withDescription('"\\ud83d\\ude00"'), "f.yaml").documents[0].ok).toBe(true);
  });

  it("names the field for NUL in keys, list items and the name itself (then the document has no ref)", () => {
    expect(
      errorsOf(component("a").replace("  name: a\n", '  name: a\n  annotations: { "x\\0": y }\n'))[0],
    ).toMatchObject({
      field: "metadata.annotations",
      message: expect.stringContaining("has a key that contains a NUL"),
    });
    expect(errorsOf(component("a").replace("  name: a\n", '  name: a\n  tags: [ok, "b\\0"]\n'))[0]).toMatchObject({
      field: "metadata.tags[1]",
    });
    expect(errorsOf(component('"a\\0"'))[0]).toMatchObject({ ref: undefined, field: "metadata.name" });
  });

  it("refuses deep nesting and self-referencing aliases with a message", () => {
    const deep = component("a").replace(
      "  owner: team-a\n",
      `  owner: team-a\n  extra: ${"[".repeat(40)}1${"]".repeat(40)}\n`,
    );
    expect(errorsOf(deep)[0]?.message).toMatch(/nested more than 32 levels/);
    const deeper = `a: ${"[".repeat(5_000)}${"]".repeat(5_000)}\n`;
    expect(errorsOf(deeper)[0]?.message).toMatch(/YAML syntax error at line 1, column \d+: it is nested too deeply/);
    const cyclic = component("a").replace("  owner: team-a\n", "  owner: team-a\n  loop: &x { again: *x }\n");
    expect(errorsOf(cyclic)[0]?.message).toMatch(/refers to itself through a YAML alias/);
    // A bad string beside a cycle: the shape is judged first, so nothing walks the cycle.
    const both = cyclic.replace("  name: a\n", '  name: a\n  description: "\\0"\n');
    expect(errorsOf(both)[0]).toMatchObject({ ref: undefined, message: expect.stringMatching(/refers to itself/) });
  });

  it("refuses a document too large to read in one step or to store, and reads its neighbours", () => {
    const items = Array.from({ length: MAX_DOCUMENT_TOKENS / 4 }, (_, i) => `    - item-${i}`).join("\n");
    const huge = `${component("huge")}  list:\n${items}\n`;
    const results = parseDescriptors([component("a"), huge, component("c")].join("---\n"), "f.yaml").documents;
    expect(summary(results)).toEqual([
      [0, true, "component:default/a"],
      [1, false, undefined],
      [2, true, "component:default/c"],
    ]);
    expect(formatDocumentError("f.yaml", results[1])).toMatch(
      /\[document 1\] is too large to read \(\d+ YAML tokens from line 9, at most 50000\)/,
    );

    const bigText = component("big").replace("  name: big\n", `  name: big\n  description: ${"x".repeat(1_100_000)}\n`);
    expect(errorsOf(bigText)[0]?.message).toMatch(/larger than 1024 KiB/);
    // Aliases count each time they are used: 40 × 30 kB is refused although the text is small.
    const anchored = component("alias").replace(
      "  owner: team-a\n",
      `  owner: team-a\n  a: &big "${"y".repeat(30_000)}"\n  b: [${Array(40).fill("*big").join(", ")}]\n`,
    );
    expect(errorsOf(anchored)[0]?.message).toMatch(/larger than 1024 KiB once read \(YAML aliases count/);
  });

  it("parseDescriptorsAsync gives the same results while letting other work run in between", async () => {
    const text = Array.from({ length: 300 }, (_, i) => component(`svc-${i}`)).join("---\n");
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 0);
    const parsed = await parseDescriptorsAsync(text, "f.yaml", eventLoopPacer(0));
    clearInterval(ticker);
    expect(ticks).toBeGreaterThan(0);
    expect(parsed.documents).toEqual(parseDescriptors(text, "f.yaml").documents);
  });
});

// Every scalar form of the YAML 1.2 core schema, and the constructs the quick read must leave to yaml.
const SCALARS = [
  "012",
  "0o17",
  "0x1F",
  "0b11",
  "1_000",
  "+12",
  "-0",
  "1e3",
  "-.5",
  ".inf",
  "-.Inf",
  ".nan",
  "~",
  "null",
  "Null",
  "NULL",
  "true",
  "True",
  "TRUE",
  "yes",
  "no",
  "on",
  "2024-01-01",
  "2024-01-01T10:00:00Z",
  "12:30",
  "1.0",
  "123456789012345678901234567890",
  "'single ''quoted'''",
  String.raw`"double \"esc\" \t \u00e9 \x41"`,
  "a # comment",
  "a#b",
  "'#'",
  "http://x.test/?a=b&c=d",
  "*bold* text",
  "text with: colon",
  "[1, two, {three: 3}]",
  "{a: 1, b: [x, y]}",
  "[]",
  "{}",
  "''",
  '""',
  "|\n    line 1\n    line 2\n",
  ">-\n    folded\n    text\n",
  "|+\n    kept\n\n",
  "&anchor value",
  "!!str 42",
  "!!int '7'",
  "!custom x",
  String.raw`"\0"`,
  String.raw`"\ud800"`,
];
const STRUCTURES = [
  "metadata:\n  name: a\n  name: b\n", // duplicate key
  "<<: {kind: Component}\n", // merge key, read as a plain key
  "? [a, b]\n: c\n", // complex key
  "x: &a [1]\ny: *a\n", // alias
  "%YAML 1.2\n---\nx: 1\n", // directive
  "x: [unclosed\n", // syntax error
  "\tx: 1\n", // tab indent
  "__proto__: {polluted: true}\n",
  "constructor: x\n",
  "1: one\n2.5: two\ntrue: three\n1e3: e\n0x1F: hex\n.inf: inf\n-0: zero\n", // keys of other types
  "null: a\n", // null keys
  "~: a\n",
  ": a\n",
  "{? , b: c}\n",
  "!!str 1: a\n",
  "x:\r\n  y: 1\r\n", // CRLF
  "\ufeffx: 1\n", // byte order mark
];
const withValue = (value: string) =>
  `${component("quick")}  extra: ${value}\nmetadata2: {annotations: {a: ${value.includes("\n") ? "x" : value}}}\n`;

describe("the quick read (js-yaml) and yaml give the same results", () => {
  const same = (text: string) =>
    expect(parseDescriptors(text, "q.yaml")).toEqual(parseDescriptors(text, "q.yaml", { reader: "yaml" }));

  it.each(SCALARS)("for the value %s", (value) => same(withValue(value)));
  it.each(STRUCTURES)("for %j", (text) => {
    same(text);
    same(`${component("before")}---\n${text}---\n${component("after")}`);
  });
  it("for multi-document files with empty documents, end markers and comments", () => {
    same(`# head\n---\n---\n${component("a")}...\n# between\n---\n${component("b")}---\n# only a comment\n`);
    const group = {
      apiVersion: "backstage.io/v1alpha1",
      kind: "Group",
      metadata: { name: "g" },
      spec: { type: "team", children: [] },
    };
    same(`${component("a")}--- ${JSON.stringify(group)}\n`);
  });

  it("reads plain descriptors quickly and leaves the rest to yaml", () => {
    expect(quickRead(`${component("a")}---\n${component("b")}`)).toHaveLength(2);
    const leftToYaml = ["metadata:\n  name: a\n  name: b\n", "? [a, b]\n: c\n", "x: &a [1]\ny: *a\n", "x: [unclosed\n"];
    for (const text of [...leftToYaml, "\tx: 1\n", "null: a\n", "~: a\n", "!!str 1: a\n"])
      expect(quickRead(text), text).toBeNull();
    // A document long enough that yaml's token bound might apply.
    expect(quickRead(`${component("a")}  description: ${"x".repeat(8_000)}\n`)).toBeNull();
    expect(quickRead(`${component("a")}---\n${component("b")}---\n`.repeat(100))?.filter(Boolean)).toHaveLength(200);
  });
});

describe("formatDocumentError", () => {
  it("prints one line per error and nothing for valid documents", () => {
    const failed: DocumentResult = {
      ok: false,
      index: 3,
      errors: [
        { field: "kind", message: "is required" },
        { field: "", message: "whole-document problem" },
      ],
    };
    expect(formatDocumentError("a.yaml", failed)).toBe(
      "a.yaml [document 3] kind: is required\na.yaml [document 3] whole-document problem",
    );
    const [valid] = parseDescriptors(component("x"), "a.yaml").documents;
    expect(formatDocumentError("a.yaml", valid)).toBe("");
  });
});
