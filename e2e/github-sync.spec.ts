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
  await expect(latest).toContainText("e2e-harbour-lights", { timeout: 20_000 });
  await expect(latest).toContainText("succeeded", { timeout: 30_000 });
  await expect(page.getByRole("button", { name: "Sync now" })).toBeEnabled();

  // The inferred component is in the catalog, owned through CODEOWNERS, and says where it came from.
  await page.goto("/catalog/component/default/e2e-mirror");
  const source = page.getByRole("region", { name: "Source" });
  await expect(source).toContainText("e2e-harbour-lights/e2e-mirror");
  await expect(source).toContainText("inferred");
  await expect(page.getByRole("link", { name: /e2e-keepers/ }).first()).toBeVisible();
});
