import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { clearOnCallCache, readOnCall, readPagerdutyConfig } from "./oncall";
import { startFakePagerduty, type FakePagerduty } from "./testing/fake-pagerduty-server";

describe("who is on call (PagerDuty REST)", () => {
  let pd: FakePagerduty;
  beforeAll(async () => {
    pd = await startFakePagerduty({
      token: "pd-test-token",
      data: {
        subdomain: "acme",
        services: { PXK4Q2Z: { name: "Checkout", policy: "PESC001" }, PNOBODY: { name: "Quiet", policy: "PEMPTY" } },
        policies: [
          {
            id: "PESC001",
            name: "Checkout escalation",
            oncalls: [
              {
                level: 2,
                user: { id: "PUSR002", name: "Grace Hopper", email: "grace@example.com" },
                start: "2026-11-30T00:00:00Z",
                end: "2026-12-07T00:00:00Z",
              },
              {
                level: 1,
                user: { id: "PUSR001", name: "Ada Lovelace", email: "ada@example.com" },
                schedule: { id: "PSCH001", name: "Checkout primary" },
                start: "2026-11-30T00:00:00Z",
                end: "2026-12-01T09:00:00Z",
              },
            ],
          },
          { id: "PEMPTY", name: "Nobody", oncalls: [] },
        ],
      },
    });
  });
  afterAll(async () => pd?.close());
  beforeEach(() => clearOnCallCache());

  const env = (token = "pd-test-token") =>
    readPagerdutyConfig({ PAGERDUTY_API_TOKEN: token, PAGERDUTY_API_URL: `${pd.url}/` });

  it("names who holds each escalation level of the service's policy, and caches the answer", async () => {
    const annotations = { "pagerduty.com/service-id": "PXK4Q2Z" };
    const first = await readOnCall(annotations, env());
    expect(first).toEqual({
      state: "ok",
      policy: {
        id: "PESC001",
        name: "Checkout escalation",
        url: "https://acme.pagerduty.com/escalation_policies/PESC001",
      },
      entries: [
        {
          level: 1,
          name: "Ada Lovelace",
          email: "ada@example.com",
          url: "https://acme.pagerduty.com/users/PUSR001",
          schedule: "Checkout primary",
          until: "2026-12-01T09:00:00Z",
        },
        expect.objectContaining({ level: 2, name: "Grace Hopper", schedule: null }),
      ],
    });
    const served = pd.log.length;
    expect(pd.log.slice(-2).map((l) => l.path.split("?")[0])).toEqual(["/services/PXK4Q2Z", "/oncalls"]);
    expect(pd.log.at(-1)!.path).toContain("escalation_policy_ids%5B%5D=PESC001");
    await readOnCall(annotations, env());
    expect(pd.log.length).toBe(served); // from the cache
  });

  it("reads a policy named by annotation directly, says nothing without a token or annotation, and reports failures", async () => {
    expect(await readOnCall({ "pagerduty.com/escalation-policy-id": "PEMPTY" }, env())).toMatchObject({
      state: "ok",
      entries: [],
    });
    expect(await readOnCall({ "pagerduty.com/service-id": "PXK4Q2Z" }, null)).toBeNull();
    expect(await readOnCall({}, env())).toBeNull();
    expect(readPagerdutyConfig({})).toBeNull();
    expect(await readOnCall({ "pagerduty.com/service-id": "PXK4Q2Z" }, env("wrong"))).toEqual({
      state: "error",
      message: "PagerDuty refused PAGERDUTY_API_TOKEN (401); create a read-only API key.",
    });
    expect(await readOnCall({ "pagerduty.com/service-id": "PMISSING" }, env())).toMatchObject({
      state: "error",
      message: expect.stringContaining("404"),
    });
  });
});
