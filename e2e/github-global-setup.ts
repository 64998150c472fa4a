// Starts the GitHub-speaking test server before the journeys. The app (started by webServer, which
// Playwright launches first) is pointed at this fixed port through GITHUB_API_URL.
import { startFakeGithub } from "../lib/github/testing/fake-github-server";
import type { FakeOrg } from "../lib/github/testing/fake-payloads";
import { readNumber } from "../lib/runtime/settings";
import { startFakePagerduty } from "../lib/incidents/testing/fake-pagerduty-server";

export const E2E_GITHUB_PORT = readNumber({
  name: "E2E_GITHUB_PORT",
  default: 3199,
  min: 1024,
  max: 65_535,
  integer: true,
  outOfRange: "refuse",
});
export const E2E_GITHUB_ORG = "e2e-harbour-lights";
export const E2E_GITHUB_TOKEN = "ghp_e2e_fake";

// Names distinct from the demo organisation, so the other journeys see the same catalog.
const org: FakeOrg = {
  login: E2E_GITHUB_ORG,
  id: 77,
  teams: [{ id: 1, slug: "e2e-keepers", name: "Keepers", members: ["e2e-keeper"] }],
  repos: [
    {
      id: 1,
      name: "e2e-lantern",
      description: "Lantern control",
      pushedAt: "2025-01-01T00:00:00Z",
      files: {
        "catalog-info.yaml":
          "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: e2e-lantern\nspec:\n  type: service\n  lifecycle: production\n  owner: e2e-keepers\n",
      },
    },
    {
      id: 2,
      name: "e2e-mirror",
      description: "Mirror polishing",
      language: "Go",
      pushedAt: "2025-01-01T00:00:00Z",
      files: { CODEOWNERS: `* @${E2E_GITHUB_ORG}/e2e-keepers\n` },
      // Offered by the self-service form's branch field (journey 2).
      branches: ["main", "fix/glare", "feature/lights"],
    },
  ],
};

/** PagerDuty's REST API for the on-call card: fraud-detector's PagerDuty service (demo data) and its policy. */
const pagerduty = {
  subdomain: "acme-travel",
  services: { P8D2LMX: { name: "Fraud Detector", policy: "PFRAUD1" } },
  policies: [
    {
      id: "PFRAUD1",
      name: "Fraud escalation",
      oncalls: [
        {
          level: 1,
          user: { id: "PUSRE2E", name: "Nadia Oncall", email: "nadia@acme-travel.example" },
          schedule: { id: "PSCHE2E", name: "Fraud primary" },
          start: "2026-01-01T00:00:00Z",
          end: "2099-01-01T00:00:00Z",
        },
      ],
    },
  ],
};

export default async function globalSetup() {
  const fake = await startFakeGithub({ org, token: E2E_GITHUB_TOKEN, port: E2E_GITHUB_PORT });
  const pd = await startFakePagerduty({
    data: pagerduty,
    token: "e2e-pagerduty-token",
    port: Number(process.env.E2E_PAGERDUTY_PORT),
  });
  return async () => {
    await fake.close();
    await pd.close();
  };
}
