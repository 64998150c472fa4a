import http from "node:http";
import { expect, test } from "@playwright/test";
import { signInAs } from "./support/sign-in";

// The built-in example action template (templates/flush-cache) on a service whose staging answers on
// the loopback port the e2e egress policy allows: the button on the environment card opens the
// template's form, the run calls the environment's flush endpoint with the target resolved.
const ADMIN = { authorization: "Bearer e2e-admin-token" };
const PORT = Number(process.env.E2E_PROVISIONING_PORT);
const SERVICE = "component:default/e2e-flare";

const CATALOG = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: e2e-flare, title: Flare }
spec: { type: service, lifecycle: production, owner: group:default/payments }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: e2e-flare-docs, title: Flare docs }
spec: { type: website, lifecycle: production, owner: group:default/payments }
`;

test.describe("action templates on the service page", () => {
  const flushes: Record<string, unknown>[] = [];
  let server: http.Server;
  test.beforeAll(async ({ request }) => {
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        if (req.method === "POST" && req.url === "/admin/cache/flush") flushes.push(JSON.parse(body));
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((resolve) => server.listen(PORT, "127.0.0.1", resolve));
    const imported = await request.post("/api/v1/catalog/import?location=e2e-action-templates", {
      headers: { ...ADMIN, "content-type": "application/yaml" },
      data: CATALOG,
    });
    expect(imported.ok()).toBe(true);
    for (const service of ["e2e-flare", "e2e-flare-docs"]) {
      const reported = await request.post("/api/v1/deployments", {
        headers: ADMIN,
        data: {
          id: `${service}-staging`,
          service,
          environment: "staging",
          version: "v2.3.0",
          url: `http://127.0.0.1:${PORT}`,
          status: "success",
        },
      });
      expect(reported.ok()).toBe(true);
    }
  });
  test.afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  test("a developer flushes staging's cache from its environment card and watches the run", async ({ page }) => {
    // The API offers it on the service's staging, and not on a website.
    const listed = await page.request.get("/api/v1/entities/component/default/e2e-flare/actions", {
      headers: ADMIN,
    });
    expect((await listed.json()).items).toContainEqual({
      kind: "template",
      template: "flush-cache",
      title: "Flush cache",
      target: { entity: SERVICE, environment: "staging" },
    });
    const docs = await page.request.get("/api/v1/entities/component/default/e2e-flare-docs/actions", {
      headers: ADMIN,
    });
    expect((await docs.json()).items.map((i: { template: string }) => i.template)).not.toContain("flush-cache");

    await signInAs(page, "dev", "/catalog/component/default/e2e-flare");
    const staging = page.getByRole("listitem", { name: "Environment staging" });
    await staging.getByRole("button", { name: `Flush cache on staging of ${SERVICE}` }).click();
    const dialog = page.getByRole("dialog", { name: `Flush cache on staging of ${SERVICE}` });
    await expect(dialog).toBeVisible();
    // The server validates the same schema: without a reason, the form says what to fix.
    await dialog.getByRole("button", { name: "Run Flush cache" }).click();
    await expect(dialog.getByText(/is a required property|must have required property/)).toBeVisible();
    await dialog.getByLabel(/Why/).fill("stale prices after the import");
    await dialog.getByRole("button", { name: "Run Flush cache" }).click();

    await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId("run-status")).toHaveText("succeeded", { timeout: 90_000 });
    await expect(page.locator('ol[aria-live="polite"]')).toContainText("Flush cache on staging of e2e-flare");
    expect(flushes).toContainEqual(
      expect.objectContaining({
        service: SERVICE,
        environment: "staging",
        version: "v2.3.0",
        scope: "all",
        reason: "stale prices after the import",
        requestedBy: "dev",
      }),
    );
  });
});
