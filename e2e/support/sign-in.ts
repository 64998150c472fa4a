import { expect, type Page } from "@playwright/test";

/** Signs in through the development sign-in as one of the demo organisation's people. */
export async function signInAs(page: Page, login: string, then = "/catalog") {
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(then)}`);
  await page.getByRole("button", { name: `Sign in as ${login}`, exact: true }).click();
  await expect(page).toHaveURL((url) => url.pathname === then);
}
