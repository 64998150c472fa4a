import { describe, expect, it } from "vitest";
import { parseScorecard, type Condition } from "./definition";
import { compileScorecard, evaluateScorecard, levelOf, scoreOf } from "./evaluate";
import { dynamic, readFact, unknown, type FactTree } from "./fact-tree";

function scorecard(rules: { id: string; level: string; check: Condition }[], levels = ["bronze", "silver", "gold"]) {
  const parsed = parseScorecard({
    apiVersion: "portolan.dev/v1alpha1",
    kind: "Scorecard",
    metadata: { name: "test" },
    spec: { levels, rules },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return compileScorecard(parsed.scorecard);
}

const one = async (check: Condition, tree: FactTree) => {
  const outcome = await evaluateScorecard(scorecard([{ id: "r", level: "bronze", check }]), tree);
  return outcome.rules[0];
};

const entity = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {}) => ({
  entity: { kind: "Component", metadata: { name: "payments", ...metadata }, spec },
});

describe("readFact", () => {
  const tree: FactTree = {
    ...entity({ owner: "team-a" }, { annotations: { "github.com/project-slug": "acme/payments" } }),
    relations: dynamic((type) => (type === "dependsOn" ? { count: 2, refs: ["a", "b"] } : { count: 0, refs: [] })),
    github: unknown("no repository"),
  };
  it("walks dotted names, keys holding dots, dynamic children and unknown subtrees", () => {
    expect(readFact(tree, "entity.spec.owner")).toBe("team-a");
    expect(readFact(tree, "entity.metadata.annotations.github.com/project-slug")).toBe("acme/payments");
    expect(readFact(tree, "entity.spec.system")).toBeUndefined();
    expect(readFact(tree, "entity.spec.owner.deeper")).toBeUndefined();
    expect(readFact(tree, "relations.dependsOn.count")).toBe(2);
    expect(readFact(tree, "relations.partOf.count")).toBe(0);
    expect(readFact(tree, "github.archived")).toEqual(expect.objectContaining({ unknown: "no repository" }));
  });
});

describe("operators", () => {
  const tree: FactTree = {
    ...entity({ owner: "team-a", lifecycle: "production", tags: ["java"] }, { description: "Takes payments." }),
    delivery: { deploymentsLast30Days: 3, changeFailureRate30d: 0.2 },
  };
  const cases: [Condition, "passed" | "failed"][] = [
    [{ fact: "entity.spec.owner", operator: "exists" }, "passed"],
    [{ fact: "entity.spec.system", operator: "exists" }, "failed"],
    [{ fact: "entity.spec.system", operator: "exists", value: false }, "passed"],
    [{ fact: "entity.spec.lifecycle", operator: "equal", value: "production" }, "passed"],
    [{ fact: "entity.spec.lifecycle", operator: "notEqual", value: "production" }, "failed"],
    [{ fact: "entity.spec.lifecycle", operator: "in", value: ["experimental", "production"] }, "passed"],
    [{ fact: "entity.spec.owner", operator: "matches", value: "^team-[a-z]$" }, "passed"],
    [{ fact: "entity.spec.owner", operator: "matches", value: "^group:" }, "failed"],
    [{ fact: "entity.metadata.description", operator: "minLength", value: 10 }, "passed"],
    [{ fact: "entity.metadata.description", operator: "minLength", value: 100 }, "failed"],
    [{ fact: "entity.spec.tags", operator: "contains", value: "java" }, "passed"],
    [{ fact: "delivery.deploymentsLast30Days", operator: "greaterThanInclusive", value: 3 }, "passed"],
    [{ fact: "delivery.changeFailureRate30d", operator: "lessThanInclusive", value: 0.15 }, "failed"],
    [{ fact: "entity.spec.owner", operator: "greaterThanInclusive", value: 1 }, "failed"],
    [{ not: { fact: "entity.spec.owner", operator: "exists" } }, "failed"],
    [
      {
        any: [
          { fact: "entity.spec.system", operator: "exists" },
          { fact: "entity.spec.owner", operator: "exists" },
        ],
      },
      "passed",
    ],
  ];
  it.each(cases)("%j → %s", async (check, status) => {
    expect((await one(check, tree)).status).toBe(status);
  });

  it("says which condition failed and what it needed", async () => {
    const rule = await one(
      {
        all: [
          { fact: "delivery.deploymentsLast30Days", operator: "greaterThanInclusive", value: 1 },
          { fact: "delivery.changeFailureRate30d", operator: "lessThanInclusive", value: 0.15 },
        ],
      },
      tree,
    );
    expect(rule.message).toBe("delivery.changeFailureRate30d is 0.2; must be ≤ 0.15");
  });
});

describe("unknown facts", () => {
  const tree: FactTree = {
    ...entity({ owner: "team-a" }),
    github: unknown("component:default/payments names no GitHub repository"),
    delivery: { deploymentsLast30Days: 0, changeFailureRate30d: unknown("no finished production deployments") },
  };

  it("a rule that needs an unknown fact is unknown, with why", async () => {
    const rule = await one({ fact: "github.archived", operator: "equal", value: false }, tree);
    expect(rule).toMatchObject({
      status: "unknown",
      message: "github.archived is unknown: component:default/payments names no GitHub repository",
    });
    expect((await one({ not: { fact: "github.archived", operator: "equal", value: true } }, tree)).status).toBe(
      "unknown",
    );
  });

  it("is decided when the known conditions decide it, whatever the unknown one is", async () => {
    const any = await one(
      {
        any: [
          { fact: "entity.spec.owner", operator: "exists" },
          { fact: "github.archived", operator: "equal", value: false },
        ],
      },
      tree,
    );
    expect(any.status).toBe("passed");
    const all = await one(
      {
        all: [
          { fact: "delivery.deploymentsLast30Days", operator: "greaterThanInclusive", value: 1 },
          { fact: "delivery.changeFailureRate30d", operator: "lessThanInclusive", value: 0.15 },
        ],
      },
      tree,
    );
    expect(all).toMatchObject({ status: "failed", message: "delivery.deploymentsLast30Days is 0; must be ≥ 1" });
    const notAny = await one(
      {
        not: {
          any: [
            { fact: "entity.spec.owner", operator: "exists" },
            { fact: "github.archived", operator: "equal", value: true },
          ],
        },
      },
      tree,
    );
    expect(notAny.status).toBe("failed");
  });
});

describe("level and score", () => {
  it("the level is the highest whose rules and every lower level's all pass; score is the share passed", async () => {
    const card = scorecard([
      { id: "b1", level: "bronze", check: { fact: "entity.spec.owner", operator: "exists" } },
      { id: "s1", level: "silver", check: { fact: "entity.spec.system", operator: "exists" } },
      { id: "g1", level: "gold", check: { fact: "entity.spec.lifecycle", operator: "exists" } },
    ]);
    const outcome = await evaluateScorecard(card, entity({ owner: "a", lifecycle: "production" }));
    expect(outcome.level).toBe("bronze");
    expect(outcome.score).toBe(0.667);
    expect((await evaluateScorecard(card, entity({}))).level).toBeNull();
  });

  it("an unknown rule holds the level back like a failed one", () => {
    const levels = ["bronze", "silver"];
    expect(
      levelOf(levels, [
        { level: "bronze", status: "passed" },
        { level: "silver", status: "unknown" },
      ]),
    ).toBe("bronze");
    expect(levelOf(levels, [{ level: "silver", status: "passed" }])).toBe("silver");
    expect(scoreOf([{ status: "passed" }, { status: "unknown" }])).toBe(0.5);
    expect(scoreOf([])).toBe(0);
  });
});
