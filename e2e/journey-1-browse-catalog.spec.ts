import { expect, test } from "@playwright/test";
import { signInAs } from "./support/sign-in";

test.describe("journey 1: browse the catalog", () => {
  test("pages and API refuse strangers", async ({ page, request }) => {
    await page.goto("/catalog");
    await expect(page).toHaveURL(/\/signin/);
    const api = await request.get("/api/v1/entities");
    expect(api.status()).toBe(401);
    expect((await api.json()).error.message).toMatch(/Sign in|Bearer/);
  });

  test("sign in, search, filter, open a service, follow its owner and a dependency", async ({ page }) => {
    await signInAs(page, "viewer");
    await page.goto("/catalog");
    await expect(page.getByRole("heading", { level: 1, name: /catalog/i })).toBeVisible();

    const search = page.getByLabel("Search the catalog");
    await search.fill("paym");
    await expect(page).toHaveURL(/q=paym/);
    const rows = page.getByRole("row");
    await expect(page.getByRole("link", { name: /Payment Gateway/ })).toBeVisible();

    await page
      .getByRole("group", { name: "Kind" })
      .getByLabel(/^component/i)
      .check();
    await expect(page).toHaveURL(/kind=component/);
    await expect(page.getByRole("link", { name: /payments-api/i })).toHaveCount(0);
    expect(await rows.count()).toBeGreaterThan(1);

    await page
      .getByRole("link", { name: /Payment Gateway/ })
      .first()
      .click();
    await expect(page.getByRole("heading", { level: 1, name: "Payment Gateway" })).toBeVisible();

    const dependsOn = page.getByRole("region", { name: "Depends on" });
    await expect(dependsOn.getByRole("link", { name: /fraud/i })).toBeVisible();

    await page
      .getByRole("region", { name: "Owned by" })
      .getByRole("link", { name: /payments/i })
      .first()
      .click();
    await expect(page).toHaveURL(/\/teams\/payments|group\/default\/payments/);
    await expect(page.getByRole("link", { name: /Payment Gateway|payment-gateway/ }).first()).toBeVisible();

    await page.goBack();
    await page.getByRole("region", { name: "Depends on" }).getByRole("link", { name: /fraud/i }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: /fraud/i })).toBeVisible();
    await expect(
      page.getByRole("region", { name: "Dependency of" }).getByRole("link", { name: /Payment Gateway/ }),
    ).toBeVisible();
  });
});
