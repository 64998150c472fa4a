import { expect, type Page } from "@playwright/test";

/** Signs in through the development sign-in as one of the demo organisation's people. */
export async function signInAs(page: Page, login: string) {
  await page.goto("/signin");
  await page.getByRole("button", { name: `Sign in as ${login}` }).click();
  await expect(page).toHaveURL(/\/catalog/);
}
