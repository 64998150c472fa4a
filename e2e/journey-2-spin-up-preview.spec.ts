import { expect, test } from "@playwright/test";
import { signInAs } from "./support/sign-in";

const ADMIN = { authorization: "Bearer e2e-admin-token" };

test.describe("journey 2: spin up a preview environment", () => {
  test("a developer spins up a local preview of a service's feature branch, sees that branch's own page and data, extends and destroys it", async ({
    page,
    context,
  }) => {
    test.setTimeout(150_000);
    await signInAs(page, "dev", "/catalog/component/default/payment-gateway");
    await page.getByRole("link", { name: "Spin up preview" }).click();
    await expect(page).toHaveURL(/\/self-service\?component=/);
    await page.getByRole("link", { name: "Use Preview environment (local)" }).click();

    // Prefilled with the service whose page we came from.
    await expect(page.getByLabel(/^Service/).locator("option:checked")).toHaveText("Payment Gateway");
    // The demo service's repository is a real git repository on this machine: its branches are offered.
    const branch = page.getByLabel(/^Branch/);
    await expect(branch).toHaveAttribute("data-branches", "2");
    await branch.fill("feature/refunds");
    await page.getByRole("button", { name: "Start environment" }).click();

    await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId("run-status")).toHaveText("succeeded", { timeout: 90_000 });
    const open = page.getByRole("link", { name: "Open payment-gateway-feature-refunds" });
    const url = (await open.getAttribute("href"))!;
    expect(url).toMatch(/^http:\/\/localhost:\d+$/);
    await expect(page.locator('ol[aria-live="polite"]')).toContainText("ready at");

    const preview = await context.newPage();
    await preview.goto(url);
    // The branch's own code (feature/refunds changes the page) over its own seeded database.
    await expect(preview.getByRole("heading", { name: "Payments and refunds" })).toBeVisible();
    await expect(preview.getByText("payment 3: trip cancelled by the supplier")).toBeVisible();
    await expect(preview.getByRole("cell", { name: "BK-1001" })).toBeVisible();
    await preview.close();

    await page.getByRole("link", { name: "My environments" }).first().click();
    const row = page.getByRole("listitem", { name: "payment-gateway-feature-refunds" });
    await expect(row.getByTestId("environment-status")).toHaveText("ready");
    // Its health comes from the probe job (every minute): not probed yet, or healthy.
    await expect(row.getByTestId("environment-health")).toHaveText(/unknown|healthy/);
    await expect(row.getByTestId("time-left")).toHaveText(/^1 h 5\d min left$|^2 h 0 min left$/);
    await row.getByRole("button", { name: "Extend payment-gateway-feature-refunds" }).click();
    await expect(row.getByTestId("time-left")).toHaveText(/^3 h 5\d min left$|^4 h 0 min left$/);

    // Sleep stops it and keeps its data; the status follows live, and the resource-hours stand still.
    await expect(row.getByTestId("environment-usage")).toHaveText(/^\d+\.\d\d resource-hours/);
    await row.getByRole("button", { name: "Sleep payment-gateway-feature-refunds" }).click();
    await expect(row.getByTestId("environment-status")).toHaveText("asleep", { timeout: 90_000 });
    await expect
      .poll(() =>
        fetch(url).then(
          () => "up",
          () => "gone",
        ),
      )
      .toBe("gone");
    await row.getByRole("button", { name: "Wake payment-gateway-feature-refunds" }).click();
    await expect(row.getByTestId("environment-status")).toHaveText("ready", { timeout: 90_000 });
    const woken = (await row.getByRole("link", { name: "Open payment-gateway-feature-refunds" }).getAttribute("href"))!;
    const again = await context.newPage();
    await again.goto(woken);
    await expect(again.getByText("payment 3: trip cancelled by the supplier")).toBeVisible();
    await again.close();

    await row.getByRole("button", { name: "Destroy payment-gateway-feature-refunds" }).click();
    await expect(row).toHaveCount(0, { timeout: 90_000 });
    await expect
      .poll(async () => {
        try {
          await fetch(woken);
          return "up";
        } catch {
          return "gone";
        }
      })
      .toBe("gone");
  });

  test("the API refuses bad parameters (422), unknown templates (404) and exhausted quotas (409)", async ({
    request,
  }) => {
    const templates = await (await request.get("/api/v1/templates", { headers: ADMIN })).json();
    const local = templates.items.find((t: { name: string }) => t.name === "local-preview");
    expect(local.title).toBe("Preview environment (local)");
    expect(local.parameters.required).toEqual(["component", "branch"]);
    // The container template is offered where a container engine answers (CI starts Podman's service).
    const container = templates.items.find((t: { name: string }) => t.name === "container-preview");
    if (process.env.DOCKER_HOST) {
      expect(container.title).toBe("Preview environment (container)");
      expect(container.parameters.required).toEqual(["component", "branch"]);
    }

    const bad = await request.post("/api/v1/runs", {
      headers: ADMIN,
      data: {
        template: "local-preview",
        parameters: { component: "component:default/booking-service", branch: "x; rm -rf /" },
      },
    });
    expect(bad.status()).toBe(422);
    expect((await bad.json()).error.details).toEqual([expect.objectContaining({ field: "branch" })]);

    expect(
      (await request.post("/api/v1/runs", { headers: ADMIN, data: { template: "nope", parameters: {} } })).status(),
    ).toBe(404);

    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await request.post("/api/v1/runs", {
        headers: ADMIN,
        data: {
          template: "local-preview",
          parameters: { component: "component:default/booking-service", branch: "main" },
        },
      });
      expect(created.status()).toBe(202);
      ids.push((await created.json()).environmentId);
    }
    // One environment as the API shows it; waking one that is not asleep is a conflict.
    const one = await (await request.get(`/api/v1/environments/${ids[0]}`, { headers: ADMIN })).json();
    expect(one).toMatchObject({ id: ids[0], asleep: false, cost: null, expiresAt: expect.any(String) });
    expect(typeof one.resourceHours).toBe("number");
    expect(one).toHaveProperty("url");
    expect((await request.post(`/api/v1/environments/${ids[0]}/wake`, { headers: ADMIN })).status()).toBe(409);
    const refused = await request.post("/api/v1/runs", {
      headers: ADMIN,
      data: {
        template: "local-preview",
        parameters: { component: "component:default/booking-service", branch: "main" },
      },
    });
    expect(refused.status()).toBe(409);
    const body = await refused.json();
    expect(body.error.message).toMatch(/at most 3 environment\(s\) per user/);
    expect(body.error.details[0].environments).toHaveLength(3);
    for (const id of ids)
      expect((await request.delete(`/api/v1/environments/${id}`, { headers: ADMIN })).status()).toBe(202);
    // Destroying is asynchronous: wait until none of them counts against the quota any more.
    await expect
      .poll(
        async () => {
          const { items } = await (
            await request.get("/api/v1/environments?includeDestroyed=true", { headers: ADMIN })
          ).json();
          return items
            .filter((e: { id: string; status: string }) => ids.includes(e.id) && e.status !== "destroyed")
            .map((e: { status: string }) => e.status);
        },
        { timeout: 60_000 },
      )
      .toEqual([]);
  });

  test("the branch field offers the branches of the service's GitHub repository", async ({ page, request }) => {
    // The service comes from the GitHub organisation (the fake GitHub server): sync it in first.
    expect((await request.post("/api/v1/github/syncs", { headers: { authorization: "Bearer nope" } })).status()).toBe(
      401,
    );
    const started = await request.post("/api/v1/github/syncs", { headers: ADMIN });
    expect([202, 409]).toContain(started.status());
    await expect
      .poll(
        async () => (await request.get("/api/v1/entities/component/default/e2e-mirror", { headers: ADMIN })).status(),
        { timeout: 90_000 },
      )
      .toBe(200);

    const branches = await (
      await request.get("/api/v1/services/branches?service=component:default/e2e-mirror", { headers: ADMIN })
    ).json();
    expect(branches).toEqual({
      items: ["feature/lights", "fix/glare", "main"],
      repo: "e2e-harbour-lights/e2e-mirror",
      source: "github",
    });
    // A demo service names its own git repository (portolan.dev/git-url): its branches, whatever GitHub says.
    const demo = await (
      await request.get("/api/v1/services/branches?service=component:default/payment-gateway", { headers: ADMIN })
    ).json();
    expect(demo).toMatchObject({ items: ["feature/refunds", "main"], source: "git" });
    // A service on GitHub that GitHub does not have: free text, with the reason.
    const unknown = await (
      await request.get("/api/v1/services/branches?service=component:default/fraud-detector", { headers: ADMIN })
    ).json();
    expect(unknown).toMatchObject({ items: [], source: "none", reason: "GitHub did not list the branches (404)" });
    expect((await request.get("/api/v1/services/branches", { headers: ADMIN })).status()).toBe(400);

    await signInAs(page, "dev", "/self-service");
    await page.goto("/self-service?component=component:default/e2e-mirror");
    await page.getByRole("link", { name: "Use Preview environment (local)" }).click();
    await expect(page.getByLabel(/^Service/).locator("option:checked")).toHaveText(/e2e-mirror/);
    const branch = page.getByLabel(/^Branch/);
    await expect(branch).toHaveAttribute("data-branches", "3");
    const listId = await branch.getAttribute("list");
    expect(
      await page
        .locator(`datalist[id="${listId}"] option`)
        .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value)),
    ).toEqual(["feature/lights", "fix/glare", "main"]);
  });
});
