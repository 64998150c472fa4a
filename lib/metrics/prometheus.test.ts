import { describe, expect, it } from "vitest";
import { toPrometheus } from "./prometheus";
import type { MetricsSnapshot } from "./snapshot";

const snapshot: MetricsSnapshot = {
  at: "2026-11-22T08:00:00.000Z",
  catalog: { entitiesByKind: { component: 31, api: 7 }, locationsWithErrors: 1 },
  jobs: [{ queue: "provisioning-run", waiting: 2, active: 1, failed: 0, oldestWaitingSeconds: null }],
  runs: {
    byStatus: { succeeded: 4, failed: 1 },
    stuck: 0,
    finishedLastDay: 5,
    durationP95Seconds: 0.31,
    firstStepP95Seconds: null,
  },
  environments: { byStatus: { ready: 1 }, previewsFailing: 0 },
  probes: { serviceEnvironments: 5, failing: 1, stale: 0 },
  github: [
    {
      org: 'we"ird\\org',
      lastStatus: "succeeded",
      lastSuccessAt: null,
      lastSuccessAgeSeconds: null,
      rateLimitRemaining: 4999,
    },
  ],
};

describe("toPrometheus", () => {
  const text = toPrometheus(snapshot);

  it("writes each family with HELP and TYPE, labelled samples, and a trailing newline", () => {
    expect(text).toContain(
      '# HELP portolan_catalog_entities Catalog entities by kind.\n# TYPE portolan_catalog_entities gauge\nportolan_catalog_entities{kind="component"} 31\nportolan_catalog_entities{kind="api"} 7\n',
    );
    expect(text).toContain('portolan_jobs{queue="provisioning-run",state="waiting"} 2\n');
    expect(text).toContain("portolan_provisioning_run_duration_p95_seconds 0.31\n");
    expect(text.endsWith("\n")).toBe(true);
  });

  it("leaves out unknown values rather than writing a made-up zero, and escapes label values", () => {
    expect(text).not.toContain("portolan_provisioning_first_step_p95_seconds");
    expect(text).not.toContain("portolan_github_last_success_age_seconds");
    expect(text).toContain('portolan_github_rate_limit_remaining{org="we\\"ird\\\\org"} 4999\n');
  });

  it("writes only valid sample lines", () => {
    for (const line of text
      .trim()
      .split("\n")
      .filter((l) => !l.startsWith("#")))
      expect(line).toMatch(/^[a-z_][a-z0-9_]*(\{[^}]*\})? -?[0-9.e+-]+$/);
  });
});
