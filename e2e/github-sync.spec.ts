import { createHmac } from "node:crypto";
import { expect, test } from "@playwright/test";
import { signInAs } from "./support/sign-in";

test("an admin syncs the GitHub organisation and watches it complete", async ({ page }) => {
  await signInAs(page, "admin", "/admin/github");
  await expect(page.getByRole("heading", { name: "GitHub", level: 1 })).toBeVisible();
  const config = page.getByRole("region", { name: "Configuration" });
  await expect(config).toContainText("e2e-harbour-lights");
  await expect(config).toContainText("personal access token");
  await expect(config).not.toContainText("ghp_e2e_fake");

  await page.getByRole("button", { name: "Sync now" }).click();
  const latest = page.getByTestId("sync-run").first();
  await expect(latest).toContainText("e2e-harbour-lights", { timeout: 90_000 });
  await expect(latest).toContainText("succeeded", { timeout: 90_000 });
  await expect(page.getByRole("button", { name: "Sync now" })).toBeEnabled();

  // The inferred component is in the catalog, owned through CODEOWNERS, and says where it came from.
  await page.goto("/catalog/component/default/e2e-mirror");
  const source = page.getByRole("region", { name: "Source" });
  await expect(source).toContainText("e2e-harbour-lights/e2e-mirror");
  await expect(source).toContainText("inferred");
  await expect(page.getByRole("link", { name: /e2e-keepers/ }).first()).toBeVisible();
});

test("the webhook receiver refuses forged deliveries and accepts signed ones", async ({ request }) => {
  const body = JSON.stringify({ zen: "Approachable is better than simple.", hook_id: 1 });
  const forged = await request.post("/api/webhooks/github", {
    data: body,
    headers: {
      "content-type": "application/json",
      "x-github-event": "ping",
      "x-github-delivery": "e2e-1",
      "x-hub-signature-256": `sha256=${"0".repeat(64)}`,
    },
  });
  expect(forged.status()).toBe(401);
  const signature = `sha256=${createHmac("sha256", "e2e-webhook-secret").update(body).digest("hex")}`;
  const signed = await request.post("/api/webhooks/github", {
    data: body,
    headers: {
      "content-type": "application/json",
      "x-github-event": "ping",
      "x-github-delivery": "e2e-2",
      "x-hub-signature-256": signature,
    },
  });
  expect(signed.status()).toBe(200);
});
