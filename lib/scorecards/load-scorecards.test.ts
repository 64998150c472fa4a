import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadScorecards, scorecardsDir } from "./load-scorecards";

const card = (name: string, level = "one") =>
  `apiVersion: portolan.dev/v1alpha1\nkind: Scorecard\nmetadata: { name: ${name} }\nspec:\n  levels: [one]\n  rules:\n    - { id: r, level: ${level}, check: { fact: entity.spec.owner, operator: exists } }\n`;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scorecards-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("loadScorecards", () => {
  it("reads every YAML file below the directory; broken and duplicate ones are reported, not applied", () => {
    fs.writeFileSync(path.join(dir, "a.yaml"), card("alpha"));
    fs.mkdirSync(path.join(dir, "nested"));
    fs.writeFileSync(path.join(dir, "nested", "b.yml"), card("alpha"));
    fs.writeFileSync(path.join(dir, "c.yaml"), card("broken", "two"));
    fs.writeFileSync(path.join(dir, "notes.txt"), card("ignored"));
    const loaded = loadScorecards(dir);
    expect(loaded.map((l) => [l.ok, l.ok ? l.scorecard.name : l.name])).toEqual([
      [true, "alpha"],
      [false, "broken"],
      [false, "alpha"],
    ]);
    const duplicate = loaded[2];
    expect(!duplicate.ok && duplicate.problems[0]).toEqual({
      field: "metadata.name",
      message: 'another scorecard is already named "alpha"',
    });
    expect(loadScorecards(dir).flatMap((s) => (s.ok ? [s.scorecard.name] : []))).toEqual(["alpha"]);
  });

  it("the built-in directory holds a valid production-readiness scorecard", () => {
    expect(scorecardsDir({ ...process.env, PORTOLAN_SCORECARDS_DIR: "" })).toBe(path.join(process.cwd(), "scorecards"));
    const builtIn = loadScorecards(scorecardsDir({ ...process.env, PORTOLAN_SCORECARDS_DIR: "" }));
    expect(builtIn.map((s) => s.ok && s.scorecard.name)).toEqual(["production-readiness"]);
  });
});
