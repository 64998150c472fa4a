import { expect, test } from "@playwright/test";
import { signInAs } from "./support/sign-in";

test("a person mutes an event in their inbox settings, and it stays muted; their team has its own", async ({
  page,
}) => {
  await signInAs(page, "dev", "/inbox");
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL(/\/inbox\/settings$/);
  const runFailed = page.getByLabel("A run you started failed — Inbox", { exact: true });
  await expect(runFailed).toBeChecked();
  await runFailed.uncheck();
  await expect(runFailed).not.toBeChecked();
  await expect(runFailed).toBeEnabled({ timeout: 90_000 });
  await page.reload();
  await expect(page.getByLabel("A run you started failed — Inbox", { exact: true })).not.toBeChecked();
  await page.getByRole("button", { name: "Back to the defaults" }).click();
  await expect(page.getByLabel("A run you started failed — Inbox", { exact: true })).toBeChecked({ timeout: 90_000 });

  await page.goto("/teams/payments");
  await page.getByRole("link", { name: "Notifications" }).click();
  await expect(page.getByRole("heading", { name: /Payments: notifications/ })).toBeVisible();
  await expect(
    page.getByLabel("A production deployment failed (to the owning team) — Members' inboxes", { exact: true }),
  ).toBeChecked();
});

test("an admin sets a weekly freeze in a time zone, sees when it holds next, and removes it", async ({ page }) => {
  await signInAs(page, "admin", "/admin/freezes");
  const form = page.getByRole("form", { name: "Set a freeze window" });
  await form.getByLabel("Environment").fill("e2e-weekends");
  await form.getByLabel("Repeats").selectOption("week");
  await form.getByLabel("Time zone").fill("Europe/Berlin");
  await form.getByLabel("Reason").fill("no weekend deploys");
  await form.getByRole("button", { name: "Set freeze" }).click();
  await expect(form.getByRole("status")).toHaveText(/Freeze set for e2e-weekends/, { timeout: 90_000 });
  const row = page.getByRole("row", { name: "Freeze no weekend deploys" });
  await expect(row).toContainText("every friday 16:00 – monday 08:00");
  await expect(row).toContainText("Europe/Berlin");
  // The occurrence holding now or next, in Berlin time: a Friday 16:00 to the Monday 08:00.
  await expect(row).toContainText(/\d{1,2} \w{3} \d{4}, 16:00 – \d{1,2} \w{3} \d{4}, 08:00/);
  await row.getByRole("button", { name: "Remove freeze no weekend deploys" }).click();
  await expect(page.getByRole("row", { name: "Freeze no weekend deploys" })).toHaveCount(0, { timeout: 90_000 });

  await page.getByRole("link", { name: "Notifications", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Failed notifications" })).toBeVisible();
});
