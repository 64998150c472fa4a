import { describe, expect, it } from "vitest";
import { activeFreeze, approvalRule, zonedTimeToUtc, type FreezeWindow } from "./rules";
import { DEPLOY_URL, DEPLOY_WORKFLOW, deployerOf } from "./target";

const at = (iso: string) => new Date(iso);
const window = (over: Partial<FreezeWindow>): FreezeWindow => ({
  id: "w",
  environment: "production",
  serviceRef: null,
  startsAt: at("2026-12-20T00:00:00Z"),
  endsAt: at("2026-12-27T00:00:00Z"),
  reason: "holidays",
  timeZone: "UTC",
  ...over,
});
const target = { service: "component:default/payments", environment: "production" };

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

describe("freeze windows", () => {
  it("holds from the start (inclusive) to the end (exclusive), for its environment only", () => {
    const w = window({});
    expect(activeFreeze([w], target, at("2026-12-19T23:59:59Z"))).toBeNull();
    expect(activeFreeze([w], target, at("2026-12-20T00:00:00Z"))?.id).toBe("w");
    expect(activeFreeze([w], target, at("2026-12-27T00:00:00Z"))).toBeNull();
    expect(activeFreeze([w], { ...target, environment: "staging" }, at("2026-12-21T00:00:00Z"))).toBeNull();
  });

  it("'*' covers every environment; a service's window only that service", () => {
    const all = window({ environment: "*" });
    expect(activeFreeze([all], { ...target, environment: "staging" }, at("2026-12-21T00:00:00Z"))).not.toBeNull();
    const one = window({ serviceRef: "component:default/other" });
    expect(activeFreeze([one], target, at("2026-12-21T00:00:00Z"))).toBeNull();
  });

  it("overlapping windows: deploys open when the last of the chain ends", () => {
    const first = window({ id: "a", endsAt: at("2026-12-24T00:00:00Z") });
    const second = window({ id: "b", startsAt: at("2026-12-23T00:00:00Z"), endsAt: at("2026-12-26T00:00:00Z") });
    const third = window({ id: "c", startsAt: at("2026-12-26T00:00:00Z"), endsAt: at("2026-12-28T00:00:00Z") });
    const held = activeFreeze([first, second, third], target, at("2026-12-21T00:00:00Z"));
    expect(held?.endsAt.toISOString()).toBe("2026-12-28T00:00:00.000Z");
  });
});

describe("wall-clock times in a zone", () => {
  it("reads local times in the zone, across daylight saving", () => {
    expect(zonedTimeToUtc("2026-12-24T18:00", "Europe/Berlin")?.toISOString()).toBe("2026-12-24T17:00:00.000Z");
    expect(zonedTimeToUtc("2026-07-01T18:00", "Europe/Berlin")?.toISOString()).toBe("2026-07-01T16:00:00.000Z");
    expect(zonedTimeToUtc("2026-07-01T18:00", "America/New_York")?.toISOString()).toBe("2026-07-01T22:00:00.000Z");
    expect(zonedTimeToUtc("2026-07-01T18:00", "Asia/Kolkata")?.toISOString()).toBe("2026-07-01T12:30:00.000Z");
  });

  it("a repeated hour is its first occurrence; a skipped hour uses the offset before the change", () => {
    expect(zonedTimeToUtc("2026-10-25T02:30", "Europe/Berlin")?.toISOString()).toBe("2026-10-25T00:30:00.000Z");
    expect(zonedTimeToUtc("2026-03-29T02:30", "Europe/Berlin")?.toISOString()).toBe("2026-03-29T01:30:00.000Z");
  });

  it("takes an ISO time with an offset as it is, and refuses what is neither", () => {
    expect(zonedTimeToUtc("2026-12-24T18:00:00+09:00", "Europe/Berlin")?.toISOString()).toBe(
      "2026-12-24T09:00:00.000Z",
    );
    expect(zonedTimeToUtc("next friday", "UTC")).toBeNull();
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
