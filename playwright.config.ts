import { defineConfig } from "@playwright/test";
import { readNumber } from "./lib/runtime/settings";

const PORT = readNumber({
  name: "E2E_PORT",
  default: 3100,
  min: 1024,
  max: 65_535,
  integer: true,
  outOfRange: "refuse",
});
// Auth.js compares origins: the server and the browser must both say localhost.
const E2E_GITHUB_PORT = readNumber({
  name: "E2E_GITHUB_PORT",
  default: 3199,
  min: 1024,
  max: 65_535,
  integer: true,
  outOfRange: "refuse",
});
const BASE_URL = `http://localhost:${PORT}`;
// e2e/self-service-callback.spec.ts's provisioning API: a fixed loopback port, allowlisted exactly below.
process.env.E2E_PROVISIONING_PORT ??= String(Number(process.env.E2E_GITHUB_PORT ?? 3199) + 1);
// e2e/incidents.spec.ts's PagerDuty REST API (the on-call card), started by the global setup.
process.env.E2E_PAGERDUTY_PORT ??= String(Number(process.env.E2E_GITHUB_PORT ?? 3199) + 2);

export default defineConfig({
  testDir: "e2e",
  // The GitHub-speaking test server on a fixed port (webServer starts first, so the app gets its URL).
  globalSetup: "./e2e/github-global-setup.ts",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"]],
  timeout: 120_000,
  expect: { timeout: 20_000 },
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    launchOptions: {
      // Debian's Chromium; Playwright never downloads a browser here.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    // The production build on a fresh embedded database with the demo organisation.
    command: "rm -rf .data-e2e && npm run build && npm start",
    url: `${BASE_URL}/api/health`,
    timeout: 900_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      ...(process.env as Record<string, string>),
      PORT: String(PORT),
      DATABASE_URL: "",
      PORTOLAN_DATA_DIR: ".data-e2e",
      PORTOLAN_DEV_LOGIN: "true",
      PORTOLAN_ADMIN_TOKEN: "e2e-admin-token",
      // The HMAC key of e2e/self-service-callback.spec.ts's provisioning API (`${{ secrets.E2E_HOOK }}`).
      PORTOLAN_SECRET_E2E_HOOK: "e2e-provisioning-hook-secret",
      // The key release actions sign portolan.dev/deploy-url calls with (journey 4's deploy endpoint).
      PORTOLAN_SECRET_DEPLOY_SIGNING: "e2e-deploy-signing-key",
      // …which a catalog template may read only because the admin policy says so.
      PORTOLAN_CATALOG_TEMPLATE_SECRETS: "E2E_HOOK",
      // The egress policy refuses loopback; only that provisioning API's own port is allowed (the fake
      // GitHub server is GITHUB_API_URL, allowed implicitly; local previews by their own port).
      PORTOLAN_EGRESS_ALLOW: `127.0.0.1:${process.env.E2E_PROVISIONING_PORT}`,
      NEXTAUTH_URL: BASE_URL,
      NEXT_TELEMETRY_DISABLED: "1",
      GITHUB_API_URL: `http://127.0.0.1:${E2E_GITHUB_PORT}`,
      GITHUB_TOKEN: "ghp_e2e_fake",
      GITHUB_ORG: "e2e-harbour-lights",
      GITHUB_WEBHOOK_SECRET: "e2e-webhook-secret",
      PAGERDUTY_WEBHOOK_SECRET: "e2e-pagerduty-secret",
      PAGERDUTY_API_TOKEN: "e2e-pagerduty-token",
      PAGERDUTY_API_URL: `http://127.0.0.1:${process.env.E2E_PAGERDUTY_PORT}`,
      // Yearly: no scheduled sync during the run; the journey triggers one.
      GITHUB_SYNC_INTERVAL: "0 0 1 1 *",
    },
  },
});
