import { expect, test } from "@playwright/test";
import { signInAs } from "./support/sign-in";

const ADMIN = { authorization: "Bearer e2e-admin-token" };

test.describe("journey 3: review release history", () => {
  test("open a service, read its release notes safely, compare two releases, see what is live in production", async ({
    page,
  }) => {
    const dialogs: string[] = [];
    page.on("dialog", async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    await signInAs(page, "viewer", "/catalog/component/default/payment-gateway");
    await expect(page.getByRole("heading", { level: 1, name: "Payment Gateway" })).toBeVisible();

    // Environments: production runs v1.4.0, staging already has v1.5.0.
    const production = page.getByRole("listitem", { name: "Environment production" });
    await expect(production).toContainText("v1.4.0");
    await expect(page.getByRole("listitem", { name: "Environment staging" })).toContainText("v1.5.0");

    await page.getByRole("navigation", { name: "Delivery views" }).getByRole("link", { name: "Releases" }).click();
    const latest = page.getByRole("listitem", { name: "Release v1.5.0" });
    await expect(latest.getByRole("heading", { name: "Security" })).toBeVisible();
    await expect(latest.getByRole("link", { name: "docs" })).toHaveAttribute(
      "href",
      "https://docs.acme-travel.example/payouts",
    );
    // The <script> and the onerror image in the notes are neither run nor rendered as HTML.
    expect(await latest.locator("script, img[onerror]").count()).toBe(0);
    const v140 = page.getByRole("listitem", { name: "Release v1.4.0" });
    await expect(v140.getByText("live in production")).toBeVisible();
    await expect(v140.getByRole("table")).toContainText("POST /refunds");

    const compare = page.getByRole("form", { name: "Compare two releases" });
    await compare.getByLabel("From").selectOption("v1.4.0");
    await compare.getByLabel("To").selectOption("v1.5.0");
    await compare.getByRole("button", { name: "Compare" }).click();
    await expect(page).toHaveURL(/base=v1\.4\.0&head=v1\.5\.0/);
    const commits = page.getByRole("list", { name: "Commits between v1.4.0 and v1.5.0" });
    await expect(commits.getByRole("listitem")).toHaveCount(4);
    await expect(commits).toContainText("Payouts API");
    await expect(page.getByRole("heading", { name: /4 commits from v1\.4\.0 to v1\.5\.0/ })).toBeVisible();

    await page.getByRole("navigation", { name: "Delivery views" }).getByRole("link", { name: "Deployments" }).click();
    await page.getByLabel("Environment").selectOption("production");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page.getByRole("table", { name: /Deployments of this service/ })).toContainText("failure");
    expect(dialogs).toEqual([]);
  });

  test("a CI reports a deployment over the API and the matrix shows it live", async ({ page, request }) => {
    const body = {
      id: "e2e-ci-42",
      service: "component:default/booking-service",
      environment: "production",
      version: "v3.2.0",
      sha: "abcdef1234567",
      status: "success",
      url: "https://booking.acme-travel.example",
    };
    const created = await request.post("/api/v1/deployments", { headers: ADMIN, data: body });
    expect(created.status()).toBe(201);
    expect((await request.post("/api/v1/deployments", { headers: ADMIN, data: body })).status()).toBe(200);
    const bad = await request.post("/api/v1/deployments", {
      headers: ADMIN,
      data: { ...body, id: "e2e-bad", status: "shipped" },
    });
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error.details).toContainEqual(expect.objectContaining({ field: "status" }));
    expect(
      (
        await request.post("/api/v1/deployments", {
          headers: ADMIN,
          data: { ...body, id: "e2e-ghost", service: "ghost" },
        })
      ).status(),
    ).toBe(404);

    const list = await (
      await request.get("/api/v1/deployments?service=booking-service&environment=production&limit=5", {
        headers: ADMIN,
      })
    ).json();
    expect(list.items[0]).toMatchObject({ externalId: "e2e-ci-42", version: "v3.2.0" });
    expect(
      list.items.filter((d: { externalId: string }) => d.externalId === "e2e-bad" || d.externalId === "e2e-ghost"),
    ).toEqual([]);
    const envs = await (
      await request.get("/api/v1/environments?service=component:default/booking-service", { headers: ADMIN })
    ).json();
    expect(envs.items.find((e: { name: string }) => e.name === "production")).toMatchObject({
      live: { version: "v3.2.0" },
      health: { state: expect.any(String) },
    });
    const releases = await (await request.get("/api/v1/releases?service=payment-gateway", { headers: ADMIN })).json();
    expect(releases.items.map((r: { tagName: string }) => r.tagName)).toEqual(["v1.5.0", "v1.4.0", "v1.3.0", "v1.2.0"]);

    await signInAs(page, "viewer", "/environments");
    await expect(page.getByRole("row", { name: /Payment Gateway/ })).toBeVisible();
    // The team filter suggests as you type; the keyboard moves through the suggestions and picks one.
    const team = page.getByRole("combobox", { name: "Team" });
    await team.fill("BOOK");
    await expect(team).toHaveAttribute("aria-expanded", "true");
    const teams = page.getByRole("listbox", { name: "Team" });
    const booking = teams.getByRole("option", { name: "Search & Booking" });
    await expect(booking).toHaveAttribute("aria-selected", "true");
    await expect(teams.getByRole("option")).toHaveCount(2);
    await team.press("ArrowDown");
    await expect(teams.getByRole("option", { name: "All teams" })).toHaveAttribute("aria-selected", "true");
    await team.press("ArrowUp");
    await expect(booking).toHaveAttribute("aria-selected", "true");
    await team.press("Enter");
    await expect(page).toHaveURL(/team=group%3Adefault%2Fsearch-and-booking/);
    await expect(team).toHaveValue("Search & Booking");
    await expect(team).toHaveAttribute("aria-expanded", "false");
    const row = page.getByRole("row", { name: /Booking Service/i });
    await expect(row).toContainText("v3.2.0");
    await expect(page.getByRole("row", { name: /Payment Gateway/ })).toHaveCount(0);
    // A shared link shows the chosen team's title; Escape puts it back after typing.
    await page.reload();
    await expect(team).toHaveValue("Search & Booking");
    await team.fill("pay");
    await expect(teams.getByRole("option", { name: "Payments" })).toBeVisible();
    await team.press("Escape");
    await expect(team).toHaveValue("Search & Booking");
    await expect(teams).toBeHidden();
    await page.getByRole("button", { name: "Clear team filter" }).click();
    await expect(page).toHaveURL((url) => !url.searchParams.has("team"));
    await expect(team).toHaveValue("");
    await expect(page.getByRole("row", { name: /Payment Gateway/ })).toBeVisible();
    await page.goto("/deployments");
    await expect(page.getByRole("table", { name: /All deployments/ })).toContainText("v3.2.0");
  });
});
