import { expect, test } from "@playwright/test";
import { signInAs } from "./support/sign-in";

const ADMIN = { authorization: "Bearer e2e-admin-token" };

test("a self-service preview shows on the service's Environments tab and in the environments matrix", async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const created = await request.post("/api/v1/runs", {
    headers: ADMIN,
    data: {
      template: "local-preview",
      parameters: { component: "component:default/booking-service", branch: "feature/refunds" },
    },
  });
  expect(created.status()).toBe(202);
  const { id: runId, environmentId } = await created.json();
  await expect
    .poll(
      async () => (await (await request.get(`/api/v1/runs/${runId}`, { headers: ADMIN })).json()).environment?.status,
      { timeout: 90_000 },
    )
    .toBe("ready");

  const api = await (await request.get("/api/v1/environments?service=booking-service", { headers: ADMIN })).json();
  expect(api.previews.map((p: { id: string }) => p.id)).toContain(environmentId);
  expect(api.items.map((e: { name: string }) => e.name)).toContain("production");

  // A viewer who did not start it still sees it beside the deployed environments.
  await signInAs(page, "viewer", "/catalog/component/default/booking-service");
  await page.goto("/catalog/component/default/booking-service?tab=environments");
  const previews = page.getByRole("list", { name: "Preview environments" });
  await expect(previews.getByRole("listitem")).toContainText(["feature/refunds"]);
  await expect(previews.getByRole("link", { name: /^booking-service-feature-refunds/ })).toHaveAttribute(
    "href",
    `/runs/${runId}`,
  );

  await page.goto("/environments?team=group%3Adefault%2Fsearch-and-booking");
  const row = page.getByRole("row", { name: /Booking Service/i });
  await expect(row.getByRole("link", { name: "feature/refunds" })).toHaveAttribute("href", `/runs/${runId}`);

  expect((await request.delete(`/api/v1/environments/${environmentId}`, { headers: ADMIN })).status()).toBe(202);
  // Wait for the teardown, so no preview server outlives the app when the suite ends.
  await expect
    .poll(
      async () => (await (await request.get(`/api/v1/runs/${runId}`, { headers: ADMIN })).json()).environment?.status,
      { timeout: 90_000 },
    )
    .toBe("destroyed");
});
