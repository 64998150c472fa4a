import { describe, expect, it } from "vitest";
import { parseScorecard } from "./definition";
import { parseScorecardText } from "./load-scorecards";

const base = (): {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: { appliesTo: unknown; levels: string[]; rules: { id: string; level: string; check: unknown }[] };
} => ({
  apiVersion: "portolan.dev/v1alpha1",
  kind: "Scorecard",
  metadata: { name: "readiness" },
  spec: {
    appliesTo: { kind: "Component", type: ["service"] },
    levels: ["bronze", "silver"],
    rules: [
      { id: "has-owner", level: "bronze", check: { fact: "entity.spec.owner", operator: "exists" } },
      {
        id: "deployed",
        level: "silver",
        check: { all: [{ fact: "delivery.deploymentsLast30Days", operator: "greaterThanInclusive", value: 1 }] },
      },
    ],
  },
});

const problemsOf = (body: unknown) => {
  const parsed = parseScorecard(body);
  if (parsed.ok) throw new Error("expected problems");
  return parsed.problems;
};

describe("parseScorecard", () => {
  it("accepts the minimal format and lowercases the catalog filter", () => {
    const parsed = parseScorecard(base());
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.scorecard.appliesTo).toEqual({ kind: ["component"], type: ["service"] });
    expect(parsed.scorecard.rules.map((r) => [r.id, r.title])).toEqual([
      ["has-owner", "has-owner"],
      ["deployed", "deployed"],
    ]);
  });

  it("takes tag as the catalog spells it, and refuses keys that are not catalog filters", () => {
    const body = base();
    body.spec.appliesTo = { tag: "java", tags: ["go"] };
    const parsed = parseScorecard(body);
    expect(parsed.ok && parsed.scorecard.appliesTo).toEqual({ tags: ["go", "java"] });
    body.spec.appliesTo = { colour: "blue" };
    expect(problemsOf(body)[0]).toMatchObject({ field: "spec.appliesTo", message: expect.stringContaining("colour") });
  });

  it("names the field of an unknown operator deep inside a combinator", () => {
    const body = base();
    body.spec.rules[1].check = { all: [{ fact: "delivery.deploymentsLast30Days", operator: "atLeast", value: 1 }] };
    expect(problemsOf(body)).toEqual([
      { field: "spec.rules.1.check.all.0.operator", message: expect.stringContaining('unknown operator "atLeast"') },
    ]);
  });

  it("refuses an unknown fact, a level not declared, a duplicate id and a bad regex", () => {
    const body = base();
    body.spec.rules.push(
      { id: "has-owner", level: "gold", check: { fact: "entity.spec.owner", operator: "exists" } },
      { id: "typo", level: "bronze", check: { fact: "delivery.deploymentz", operator: "exists" } },
      { id: "regex", level: "bronze", check: { fact: "entity.metadata.name", operator: "matches", value: "(" } },
    );
    const fields = problemsOf(body).map((p) => p.field);
    expect(fields).toEqual([
      "spec.rules.2.id",
      "spec.rules.2.level",
      "spec.rules.3.check.fact",
      "spec.rules.4.check.value",
    ]);
  });

  it("checks each operator's value and the shape of combinators", () => {
    const body = base();
    body.spec.rules[0].check = {
      any: [
        { fact: "entity.spec.owner", operator: "in", value: "team-a" },
        { not: { fact: "health.uptime7d", operator: "lessThanInclusive", value: "high" } },
        { all: [] },
        { fact: "entity.spec.owner", operator: "equal" },
      ],
    } as never;
    expect(problemsOf(body).map((p) => p.field)).toEqual([
      "spec.rules.0.check.any.0.value",
      "spec.rules.0.check.any.1.not.value",
      "spec.rules.0.check.any.2.all",
      "spec.rules.0.check.any.3.value",
    ]);
  });

  it("reports schema problems with their path", () => {
    const body = base() as Record<string, unknown>;
    (body.spec as Record<string, unknown>).levels = [];
    expect(problemsOf(body)[0].field).toBe("spec.levels");
  });
});

describe("parseScorecardText", () => {
  it("reads every Scorecard document of a file, skips other kinds, reports YAML errors", () => {
    const text = [
      "kind: Component\nmetadata: { name: x }",
      "apiVersion: portolan.dev/v1alpha1\nkind: Scorecard\nmetadata: { name: a }\nspec:\n  levels: [one]\n  rules:\n    - { id: r, level: one, check: { fact: entity.spec.owner, operator: exists } }",
      "apiVersion: portolan.dev/v1alpha1\nkind: Scorecard\nmetadata: { name: b }\nspec: { levels: [one], rules: [ { id: r, level: two, check: { fact: entity.x, operator: exists } } ] }",
    ].join("\n---\n");
    const loaded = parseScorecardText(text, "cards.yaml");
    expect(loaded.map((l) => l.ok)).toEqual([true, false]);
    expect(loaded[1]).toMatchObject({ file: "cards.yaml", name: "b", problems: [{ field: "spec.rules.0.level" }] });
    expect(parseScorecardText("a: [", "bad.yaml")[0].ok).toBe(false);
  });
});
