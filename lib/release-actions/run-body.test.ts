import { describe, expect, it } from "vitest";
import { actionRunBody } from "./run-body";

const entity = "component:default/payments";

describe("actionRunBody", () => {
  it("a release action sends its parameters", () => {
    expect(
      actionRunBody({
        kind: "release",
        template: "promote",
        title: "Promote",
        target: { entity, environment: "production", from: "staging", version: "v2" },
      }),
    ).toEqual({ template: "promote", entity, parameters: { from: "staging", to: "production", version: "v2" } });
    expect(
      actionRunBody({
        kind: "release",
        template: "redeploy",
        title: "Redeploy",
        target: { entity, environment: "staging", version: "v2" },
      }),
    ).toEqual({ template: "redeploy", entity, parameters: { environment: "staging" } });
  });

  it("restart names its preview beside the parameters (the API reads `environment` there)", () => {
    expect(
      actionRunBody({
        kind: "restart",
        template: "restart",
        title: "Restart pr-7",
        target: { entity, environment: "pr-7" },
      }),
    ).toEqual({ template: "restart", entity, parameters: {}, environment: "pr-7" });
  });

  it("an action template sends its target (environment, or the release as `release`) and its form", () => {
    expect(
      actionRunBody(
        { kind: "template", template: "flush-cache", title: "Flush", target: { entity, environment: "staging" } },
        { reason: "stale" },
      ),
    ).toEqual({ template: "flush-cache", entity, environment: "staging", parameters: { reason: "stale" } });
    expect(
      actionRunBody({ kind: "template", template: "notes", title: "Notes", target: { entity, version: "v2" } }),
    ).toEqual({ template: "notes", entity, release: "v2", parameters: {} });
    expect(actionRunBody({ kind: "template", template: "rotate", title: "Rotate", target: { entity } })).toEqual({
      template: "rotate",
      entity,
      parameters: {},
    });
  });
});
