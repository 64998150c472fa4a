import { describe, expect, it } from "vitest";
import { cronMinutes, needsAttention } from "./attention";
import type { MetricsSnapshot } from "./snapshot";

const calm: MetricsSnapshot = {
  at: "2026-11-22T08:00:00.000Z",
  catalog: { entitiesByKind: { component: 3 }, locationsWithErrors: 0 },
  jobs: [{ queue: "provisioning-run", waiting: 0, active: 1, failed: 0, oldestWaitingSeconds: null }],
  runs: {
    byStatus: { succeeded: 4 },
    stuck: 0,
    finishedLastDay: 4,
    durationP95Seconds: 0.3,
    firstStepP95Seconds: 0.05,
  },
  environments: { byStatus: { ready: 1 }, previewsFailing: 0 },
  probes: { serviceEnvironments: 5, failing: 0, stale: 0 },
  github: [
    {
      org: "acme",
      lastStatus: "succeeded",
      lastSuccessAt: "2026-11-22T07:55:00.000Z",
      lastSuccessAgeSeconds: 300,
      rateLimitRemaining: 4900,
    },
  ],
};

describe("needsAttention", () => {
  it("is empty when everything moves", () => {
    expect(needsAttention(calm, { syncCron: "*/15 * * * *" })).toEqual([]);
  });

  it("names a queue nobody takes from, stuck runs, a stale or failed GitHub sync, stale probes, failing previews and broken locations", () => {
    const troubled: MetricsSnapshot = {
      ...calm,
      catalog: { ...calm.catalog, locationsWithErrors: 2 },
      jobs: [{ queue: "github-sync", waiting: 3, active: 0, failed: 0, oldestWaitingSeconds: 900 }],
      runs: { ...calm.runs, stuck: 1 },
      environments: { byStatus: { ready: 2 }, previewsFailing: 1 },
      probes: { ...calm.probes, stale: 4 },
      github: [
        { ...calm.github[0], lastSuccessAgeSeconds: 3 * 3600 },
        { org: "beta", lastStatus: "failed", lastSuccessAt: null, lastSuccessAgeSeconds: null, rateLimitRemaining: 0 },
      ],
    };
    expect(needsAttention(troubled, { syncCron: "*/15 * * * *" }).map((a) => [a.area, a.message])).toEqual([
      ["queue", "github-sync: the oldest of 3 waiting jobs has waited 15 min; is a worker running?"],
      [
        "runs",
        "1 provisioning run without a heartbeat beyond the timeout; recovery runs every minute on a worker, is one running?",
      ],
      ["github", "acme: the last successful sync was 3 h ago (every 15 min expected); the catalog may be stale."],
      ["github", "beta: the last sync failed (Admin → GitHub says why)."],
      ["github", "beta: no sync has succeeded yet."],
      ["probes", "4 environments not probed for over three intervals; is the health-probe job running?"],
      ["previews", "1 ready preview failing health probes."],
      ["catalog", "2 catalog locations with descriptor errors in the last import."],
    ]);
  });

  it("does not call a sync stale within twice its interval (plus five minutes), or when the interval is a free-form cron", () => {
    const recent = { ...calm, github: [{ ...calm.github[0], lastSuccessAgeSeconds: 34 * 60 }] };
    expect(needsAttention(recent, { syncCron: "*/15 * * * *" })).toEqual([]);
    expect(
      needsAttention(
        { ...calm, github: [{ ...calm.github[0], lastSuccessAgeSeconds: 36 * 60 }] },
        { syncCron: "*/15 * * * *" },
      ),
    ).toHaveLength(1);
    expect(
      needsAttention(
        { ...calm, github: [{ ...calm.github[0], lastSuccessAgeSeconds: 86400 * 9 }] },
        { syncCron: "0 3 * * 1" },
      ),
    ).toEqual([]);
  });
});

describe("cronMinutes", () => {
  it("reads the shapes intervalToCron writes", () => {
    expect(cronMinutes("*/15 * * * *")).toBe(15);
    expect(cronMinutes("0 */2 * * *")).toBe(120);
    expect(cronMinutes("0 0 * * *")).toBe(1440);
    expect(cronMinutes("0 3 * * 1")).toBeNull();
  });
});
