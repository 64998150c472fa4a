import http from "node:http";
import { createHmac } from "node:crypto";
import { expect, test } from "@playwright/test";
import { signInAs } from "./support/sign-in";

// A service deployed through its own deploy endpoint (portolan.dev/deploy-url) on the port the e2e
// egress policy allows; the endpoint checks Portolan's signature as a real one would.
const ADMIN = { authorization: "Bearer e2e-admin-token" };
const PORT = Number(process.env.E2E_PROVISIONING_PORT);
const SIGNING = "e2e-deploy-signing-key";

const CATALOG = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: e2e-release-team, title: Release Team }
spec: { type: team, children: [], members: [e2e-approver, dev] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: e2e-approver }
spec: { memberOf: [e2e-release-team] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: e2e-beacon
  title: Beacon
  annotations: { portolan.dev/deploy-url: "http://127.0.0.1:${PORT}/deploy" }
spec: { type: service, lifecycle: production, owner: group:default/e2e-release-team }
`;

test.describe("journey 4: promote to production with an approval", () => {
  const deploys: { body: Record<string, unknown>; signed: boolean }[] = [];
  let server: http.Server;
  test.beforeAll(async ({ request }) => {
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        const signed =
          req.headers["x-portolan-signature"] === `sha256=${createHmac("sha256", SIGNING).update(body).digest("hex")}`;
        // Only the deploy calls: anything else on this shared port (a health probe of an environment
        // another spec recorded here) is answered and not counted.
        if (req.method !== "POST" || req.url !== "/deploy") return void res.writeHead(200).end();
        deploys.push({ body: JSON.parse(body), signed });
        res.writeHead(signed ? 202 : 401, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((resolve) => server.listen(PORT, "127.0.0.1", resolve));
    const imported = await request.post("/api/v1/catalog/import?location=e2e-journey-4", {
      headers: { ...ADMIN, "content-type": "application/yaml" },
      data: CATALOG,
    });
    expect(imported.ok()).toBe(true);
    for (const [id, environment, version] of [
      ["e2e-beacon-prod", "production", "v1.0.0"],
      ["e2e-beacon-staging", "staging", "v1.1.0"],
    ]) {
      const reported = await request.post("/api/v1/deployments", {
        headers: ADMIN,
        data: { id, service: "e2e-beacon", environment, version, status: "success" },
      });
      expect(reported.ok()).toBe(true);
    }
  });
  test.afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  test("a release manager promotes staging's version, the requester cannot approve it, an approver approves from the inbox, and production runs it", async ({
    browser,
  }) => {
    const manager = await (await browser.newContext()).newPage();
    await signInAs(manager, "dev", "/catalog/component/default/e2e-beacon");
    const actions = manager.getByRole("region", { name: "Release actions" });
    await actions.getByRole("button", { name: "Promote v1.1.0 from staging to production" }).click();
    const confirm = manager.getByRole("region", { name: /Confirm: Promote v1\.1\.0/ });
    await expect(confirm).toContainText("where v1.0.0 is live now");
    await confirm.getByRole("button", { name: /Confirm: Promote/ }).click();
    await expect(manager).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
    const runUrl = manager.url();
    await expect(manager.getByText("An approver has to accept this request before it starts.")).toBeVisible();

    // The requester may not approve their own promotion, even as a member of the owning team.
    const runId = runUrl.split("/runs/")[1];
    const own = await manager.request.post(`/api/v1/runs/${runId}/approve`, { data: { comment: "me" } });
    expect(own.status()).toBe(403);

    const approver = await (await browser.newContext()).newPage();
    await signInAs(approver, "e2e-approver", "/catalog");
    await expect(approver.getByTestId("unread-count")).toHaveText(/^[1-9]/);
    await approver.goto("/inbox");
    await approver
      .getByRole("link", { name: /Approval requested: promote v1\.1\.0 from staging to production/ })
      .click();
    await expect(approver).toHaveURL(runUrl);
    await approver.getByRole("button", { name: "Approve" }).click();
    await expect(approver.getByText("succeeded").first()).toBeVisible({ timeout: 90_000 });
    expect(deploys).toEqual([
      { body: { service: "component:default/e2e-beacon", environment: "production", version: "v1.1.0" }, signed: true },
    ]);

    await approver.goto("/environments");
    await approver.getByRole("combobox", { name: "Team" }).fill("release");
    await approver.getByRole("option", { name: "Release Team" }).click();
    await expect(approver.getByRole("row", { name: /Beacon/ })).toContainText("v1.1.0");
  });
});
