import { describe, expect, it } from "vitest";
import { serviceDeliveryParams } from "./schemas";

describe("the service page's delivery parameters", () => {
  it("reads the tab and its filters from the URL", () => {
    expect(
      serviceDeliveryParams.parse({ tab: "deployments", env: "staging", status: "failure", cursor: "abc" }),
    ).toMatchObject({ tab: "deployments", env: "staging", status: "failure", cursor: "abc", days: 30 });
    expect(serviceDeliveryParams.parse({ tab: "dora", days: "90" })).toMatchObject({ tab: "dora", days: 90 });
  });

  it("falls back instead of failing the page on anything it does not know", () => {
    expect(
      serviceDeliveryParams.parse({
        tab: "nope",
        status: "exploded",
        days: "7",
        env: "x".repeat(300),
        base: ["a", "b"],
      }),
    ).toEqual({ tab: "environments", days: 30, env: undefined, status: undefined, base: undefined });
    expect(serviceDeliveryParams.parse({})).toMatchObject({ tab: "environments", days: 30 });
  });
});
