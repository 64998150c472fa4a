// Accounts on the e2e server (development sign-in on): the sign-in page still lists nobody; an admin
// invites a person who sets a password, resets it, signs them out and disables them; token scopes.
import { expect, test } from "@playwright/test";
import { signInAs, signInWithPassword } from "./support/sign-in";

const DESCRIPTOR =
  "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: e2e-scoped }\nspec: { type: service, lifecycle: experimental, owner: nobody }\n";

test("the sign-in page lists nobody, even with the development sign-in on", async ({ page }) => {
  await page.goto("/signin");
  await expect(page.getByLabel("Development login")).toBeVisible();
  await expect(page.getByRole("button", { name: /Sign in as/ })).toHaveCount(0);
  await expect(page.locator("main")).not.toContainText("nina.kowalski");
});

test("an admin invites a person, who sets a password; reset, sign-out everywhere and disabling take effect", async ({
  page,
  browser,
}) => {
  await signInAs(page, "admin", "/admin/users");
  await page.getByLabel("Login to invite").fill("e2e-invitee");
  await page.getByLabel("Role", { exact: true }).first().selectOption("developer");
  await page.getByRole("button", { name: "Create invitation" }).click();
  const link = ((await page.getByLabel("One-time link for e2e-invitee").textContent()) ?? "").trim();
  expect(link).toMatch(/\/set-password\?invitation=[\w-]+$/);
  await page.reload();
  await expect(page.getByRole("table", { name: "Open invitations" })).toContainText("e2e-invitee");

  const invitee = await browser.newContext();
  const them = await invitee.newPage();
  await them.goto(link);
  await expect(them.getByRole("heading", { name: "Accept your invitation" })).toBeVisible();
  await expect(them.locator("main")).toContainText("as a developer");
  await them.getByLabel("Name").fill("Ina Vitee");
  await them.getByLabel("Password", { exact: true }).fill("a lantern in the fog");
  await them.getByLabel("Repeat the password").fill("a lantern in the fog");
  await them.getByRole("button", { name: "Create account and sign in" }).click();
  await expect(them).toHaveURL((url) => url.pathname === "/catalog");
  await them.goto(link);
  await expect(them.locator("main").getByRole("alert")).toContainText("already been used");

  // The admin resets the password: the link lets them choose a new one, and the old one stops working.
  await page.reload();
  const row = page.getByRole("row").filter({ hasText: "e2e-invitee" });
  await expect(row).toContainText("password");
  await row.getByRole("button", { name: "Reset password of e2e-invitee" }).click();
  const reset = ((await page.getByLabel("One-time link for e2e-invitee").textContent()) ?? "").trim();
  expect(reset).toMatch(/\/set-password\?reset=[\w-]+$/);
  const fresh = await browser.newContext();
  const again = await fresh.newPage();
  await again.goto(reset);
  await again.getByLabel("Password", { exact: true }).fill("a new lantern in the fog");
  await again.getByLabel("Repeat the password").fill("a new lantern in the fog");
  await again.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(again).toHaveURL((url) => url.pathname === "/catalog");
  // Setting a new password signed the invitee out of their first browser.
  await them.goto("/catalog");
  await expect(them).toHaveURL((url) => url.pathname === "/signin");
  await signInWithPassword(them, "e2e-invitee", "a new lantern in the fog");

  await page.reload();
  await page.getByRole("button", { name: "Sign e2e-invitee out everywhere" }).click();
  await expect(page.getByRole("row").filter({ hasText: "e2e-invitee" }).getByRole("status")).toContainText(
    "Ended 2 sessions",
  );
  await them.goto("/catalog");
  await expect(them).toHaveURL((url) => url.pathname === "/signin");

  await page.getByRole("button", { name: "Disable e2e-invitee" }).click();
  await expect(page.getByRole("row").filter({ hasText: "e2e-invitee" })).toContainText("disabled");
  await them.getByLabel("Login", { exact: true }).fill("e2e-invitee");
  await them.getByLabel("Password", { exact: true }).fill("a new lantern in the fog");
  await them.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(them.locator("main").getByRole("alert")).toContainText("disabled");
  await invitee.close();
  await fresh.close();
});

test("a token acts only within its scopes, and the list shows them", async ({ page, request }) => {
  await signInAs(page, "admin", "/admin/tokens");
  await page.getByLabel("Token name").fill("e2e read-only developer");
  await page.getByLabel("Role").selectOption("developer");
  await expect(page.getByRole("checkbox", { name: "catalog:read" })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "admin" })).toBeDisabled();
  await page.getByLabel("Expires").selectOption("7");
  await page.getByRole("button", { name: "Create token" }).click();
  const secret = ((await page.getByLabel("New token secret").textContent()) ?? "").trim();
  const headers = { Authorization: `Bearer ${secret}`, "Content-Type": "application/yaml" };
  expect((await request.get("/api/v1/entities?limit=1", { headers })).status()).toBe(200);
  const denied = await request.post("/api/v1/catalog/import?location=e2e-scoped", { headers, data: DESCRIPTOR });
  expect(denied.status()).toBe(403);
  expect((await denied.json()).error.message).toMatch(/lacks the scope catalog:write/);
  await page.reload();
  await expect(page.getByRole("list", { name: "Scopes of e2e read-only developer" })).toHaveText("catalog:read");
});
