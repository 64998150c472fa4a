import { expect, type Page } from "@playwright/test";

/**
 * Signs in through the development sign-in (the e2e server runs with PORTOLAN_DEV_LOGIN=true) by
 * typing a login: the sign-in page lists nobody.
 */
export async function signInAs(page: Page, login: string, then = "/catalog") {
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(then)}`);
  await page.getByLabel("Development login").fill(login);
  await page.getByRole("button", { name: "Sign in without a password" }).click();
  await expect(page).toHaveURL((url) => url.pathname === then);
}

/** Signs in with a local account's password. */
export async function signInWithPassword(page: Page, login: string, password: string, then = "/catalog") {
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(then)}`);
  await page.getByLabel("Login", { exact: true }).fill(login);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL((url) => url.pathname === then);
}
