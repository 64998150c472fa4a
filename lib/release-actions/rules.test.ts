import { describe, expect, it } from "vitest";
import { approvalRule } from "./rules";
import { DEPLOY_URL, DEPLOY_WORKFLOW, deployerOf } from "./target";

describe("approval rules", () => {
  it("production and prod need one approval from the owning team; other environments none", () => {
    expect(approvalRule("production", "group:default/Payments")).toEqual({
      required: true,
      approvers: ["group:default/payments"],
    });
    expect(approvalRule("PROD", null)).toEqual({ required: true, approvers: [] });
    expect(approvalRule("staging", "group:default/payments")).toEqual({ required: false, approvers: [] });
    expect(approvalRule("production-eu", "group:default/payments").required).toBe(false);
  });
});

describe("the deployer of a service", () => {
  it("a deploy URL first, else the deploy workflow in its repository (deploy.yml by default) when GitHub is configured", () => {
    expect(deployerOf({ [DEPLOY_URL]: "https://deploy.internal/hook" }, "acme/pay", "main", true)).toEqual({
      kind: "http",
      url: "https://deploy.internal/hook",
      waitForCallback: false,
    });
    expect(deployerOf({}, "acme/pay", "trunk", true)).toEqual({
      kind: "github-workflow",
      repo: "acme/pay",
      workflow: "deploy.yml",
      ref: "trunk",
    });
    expect(deployerOf({ [DEPLOY_WORKFLOW]: "release.yml" }, "acme/pay", null, true)).toMatchObject({
      workflow: "release.yml",
      ref: "main",
    });
    expect(deployerOf({}, "acme/pay", "main", false).kind).toBe("none");
    expect(deployerOf({}, null, null, true).kind).toBe("none");
  });
});
