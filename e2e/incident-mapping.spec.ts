import { expect, test } from "@playwright/test";
import { signInAs } from "./support/sign-in";

const ADMIN = { authorization: "Bearer e2e-admin-token" };
const startedAt = new Date(Date.now() - 120_000).toISOString();

/** An Alertmanager notification whose only service-ish label is one no default reads (`k8s_app`). */
function notification(status: "firing" | "resolved") {
  const labels = { alertname: "E2EMapping", k8s_app: "booking-api-e2e", env: "staging" };
  return {
    version: "4",
    groupKey: '{}:{alertname="E2EMapping"}',
    status,
    receiver: "portolan",
    groupLabels: { alertname: "E2EMapping" },
    commonLabels: labels,
    commonAnnotations: { summary: "queue backlog" },
    externalURL: "http://alertmanager.invalid",
    alerts: [
      {
        status,
        labels,
        annotations: { summary: "queue backlog" },
        startsAt: startedAt,
        endsAt: status === "firing" ? "0001-01-01T00:00:00Z" : new Date().toISOString(),
        fingerprint: "e2emapping1",
      },
    ],
  };
}

const bookingIncidents = async (request: import("@playwright/test").APIRequestContext, status: string) =>
  (
    await (
      await request.get(`/api/v1/incidents?service=booking-service&environment=staging&status=${status}`, {
        headers: ADMIN,
      })
    ).json()
  ).items.filter((i: { title: string }) => i.title.startsWith("E2EMapping"));

test("an admin maps an unmatched alert's label to a service in one click; its incident moves there and resolves there", async ({
  page,
  request,
}) => {
  const fired = await request.post("/api/v1/integrations/alertmanager", {
    headers: ADMIN,
    data: notification("firing"),
  });
  expect((await fired.json()).incidents).toMatchObject([{ service: null, environment: "staging" }]);

  await signInAs(page, "admin", "/admin/incidents");
  const unmatched = page.getByRole("region", { name: "Unmatched incidents" });
  const row = unmatched.getByRole("row").filter({ hasText: "E2EMapping: queue backlog" });
  await row.getByLabel("Label", { exact: true }).selectOption({ label: "k8s_app=booking-api-e2e" });
  await row.getByLabel("Service", { exact: true }).fill("booking-service");
  await row.getByRole("button", { name: "Map" }).click();

  const rules = page.getByRole("region", { name: "Rules" });
  await expect(rules.getByRole("row").filter({ hasText: "booking-api-e2e" })).toContainText(
    "component:default/booking-service",
  );
  await expect(unmatched.getByRole("row").filter({ hasText: "E2EMapping" })).toHaveCount(0);
  expect(await bookingIncidents(request, "open")).toMatchObject([{ status: "triggered", source: "alertmanager" }]);

  // The group resolves: the incident now on booking-service closes (no second one is opened).
  await request.post("/api/v1/integrations/alertmanager", { headers: ADMIN, data: notification("resolved") });
  expect(await bookingIncidents(request, "open")).toEqual([]);
  expect(await bookingIncidents(request, "resolved")).toMatchObject([{ status: "resolved" }]);

  // Bad rules are refused with a message; the rule is removed through the API.
  const bad = await request.post("/api/v1/incidents/mappings", {
    headers: ADMIN,
    data: { labelName: "k8s_app", match: "regex", pattern: "([", service: "booking-service" },
  });
  expect(bad.status()).toBe(422);
  expect((await bad.json()).error.message).toMatch(/regular expression/);
  const listed = await (await request.get("/api/v1/incidents/mappings", { headers: ADMIN })).json();
  const rule = listed.items.find((r: { pattern: string }) => r.pattern === "booking-api-e2e");
  expect((await request.delete(`/api/v1/incidents/mappings/${rule.id}`, { headers: ADMIN })).status()).toBe(204);
  await page.reload();
  await expect(rules.getByRole("row").filter({ hasText: "booking-api-e2e" })).toHaveCount(0);
});
