import { describe, expect, it } from "vitest";
import { diffLines, templateYaml } from "./template-diff";

describe("template diff", () => {
  it("shows what changed line by line and folds long unchanged stretches", () => {
    const before = {
      spec: {
        steps: [{ id: "a", action: "debug:log", input: { message: "hi" } }],
        filler: Array.from({ length: 12 }, (_, i) => `line ${i}`),
      },
    };
    const after = {
      spec: {
        steps: [{ id: "a", action: "http:request", input: { url: "http://10.0.0.1/" } }],
        filler: before.spec.filler,
      },
    };
    const diff = diffLines(templateYaml(before), templateYaml(after));
    expect(diff.filter((l) => l.kind === "removed").map((l) => l.text.trim())).toEqual([
      "action: debug:log",
      "message: hi",
    ]);
    expect(diff.filter((l) => l.kind === "added").map((l) => l.text.trim())).toEqual([
      "action: http:request",
      "url: http://10.0.0.1/",
    ]);
    expect(diff.some((l) => l.kind === "skipped" && /unchanged lines/.test(l.text))).toBe(true);
  });

  it("has nothing to show for the same version", () => {
    const body = { a: 1 };
    expect(
      diffLines(templateYaml(body), templateYaml(body)).every((l) => l.kind !== "added" && l.kind !== "removed"),
    ).toBe(true);
  });
});
