import { createHmac } from "node:crypto";
import { expect, test } from "@playwright/test";
import { signInAs } from "./support/sign-in";

const ADMIN = { authorization: "Bearer e2e-admin-token" };
const SERVICE = "/catalog/component/default/fraud-detector";

/** A PagerDuty v3 webhook for fraud-detector's PagerDuty service (P8D2LMX), signed with the e2e secret. */
function pagerdutyDelivery(eventId: string, type: string, status: string) {
  const body = JSON.stringify({
    event: {
      id: eventId,
      event_type: type,
      resource_type: "incident",
      occurred_at: new Date().toISOString(),
      agent: { id: "PUSRE2E", type: "user_reference", summary: "Nadia Oncall" },
      client: null,
      data: {
        id: "QE2E001",
        type: "incident",
        html_url: "https://acme-travel.pagerduty.com/incidents/QE2E001",
        number: 7,
        status,
        created_at: new Date(Date.now() - 60_000).toISOString(),
        title: "Fraud scores time out",
        service: { id: "P8D2LMX", type: "service_reference", summary: "Fraud Detector" },
        escalation_policy: { id: "PFRAUD1", type: "escalation_policy_reference", summary: "Fraud escalation" },
        priority: { id: "PPRIO1", type: "priority_reference", summary: "P1" },
        urgency: "high",
      },
    },
  });
  const signature = `v1=${createHmac("sha256", "e2e-pagerduty-secret").update(body).digest("hex")}`;
  return { body, signature };
}

test.describe("incidents and on-call", () => {
  test("the service page shows its open incident first and who is on call; resolving closes it", async ({
    page,
    request,
  }) => {
    const triggered = pagerdutyDelivery("e2e-ev-1", "incident.triggered", "triggered");
    const forged = await request.post("/api/v1/integrations/pagerduty", {
      data: triggered.body,
      headers: { "content-type": "application/json", "x-pagerduty-signature": `v1=${"0".repeat(64)}` },
    });
    expect(forged.status()).toBe(401);
    const accepted = await request.post("/api/v1/integrations/pagerduty", {
      data: triggered.body,
      headers: { "content-type": "application/json", "x-pagerduty-signature": triggered.signature },
    });
    expect(accepted.status()).toBe(200);

    // Alertmanager's basic auth (the token as the password) is accepted too.
    const alert = await request.post("/api/v1/integrations/alertmanager", {
      headers: { authorization: `Basic ${Buffer.from("alertmanager:e2e-admin-token").toString("base64")}` },
      data: {
        version: "4",
        groupKey: '{}:{alertname="FraudLatency"}',
        status: "firing",
        receiver: "portolan",
        groupLabels: { alertname: "FraudLatency" },
        commonLabels: { alertname: "FraudLatency", service: "fraud-detector", env: "staging", severity: "warning" },
        commonAnnotations: { summary: "p99 above 2 s" },
        externalURL: "http://alertmanager.invalid",
        alerts: [
          {
            status: "firing",
            labels: { alertname: "FraudLatency", service: "fraud-detector", env: "staging", severity: "warning" },
            annotations: { summary: "p99 above 2 s" },
            startsAt: new Date().toISOString(),
            endsAt: "0001-01-01T00:00:00Z",
            generatorURL: "http://prometheus.invalid/graph",
            fingerprint: "e2efraud",
          },
        ],
      },
    });
    expect(alert.status()).toBe(200);
    expect((await alert.json()).incidents).toMatchObject([
      { service: "component:default/fraud-detector", environment: "staging" },
    ]);

    await signInAs(page, "viewer", SERVICE);
    const incidents = page.getByRole("region", { name: /Incidents · 2 open/ });
    await expect(incidents).toBeVisible();
    await expect(incidents.getByRole("link", { name: "Fraud scores time out" })).toBeVisible();
    await expect(incidents.getByRole("link", { name: "FraudLatency: p99 above 2 s" })).toBeVisible();
    const onCall = page.getByRole("region", { name: "On call" });
    await expect(onCall.getByTestId("on-call-entry")).toContainText("Nadia Oncall");
    await expect(onCall).toContainText("Fraud escalation");

    // The environments matrix (services with deployments) marks an environment with an open incident.
    const reported = await request.post("/api/v1/incidents", {
      headers: ADMIN,
      data: {
        id: "e2e-checkout-1",
        service: "checkout-web",
        environment: "staging",
        title: "Cart empties",
        severity: "critical",
      },
    });
    expect(reported.status()).toBe(201);
    await page.goto("/environments");
    const checkout = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "Checkout Web" }) });
    await expect(checkout.getByTestId("incident-marker")).toContainText("1 open incident");
    await expect(page.getByTestId("incident-marker")).toHaveCount(1);
    await page.goto("/incidents?service=fraud-detector&status=open");
    await expect(page.getByTestId("incident-row")).toHaveCount(2);

    const resolved = pagerdutyDelivery("e2e-ev-2", "incident.resolved", "resolved");
    await request.post("/api/v1/integrations/pagerduty", {
      data: resolved.body,
      headers: { "content-type": "application/json", "x-pagerduty-signature": resolved.signature },
    });
    const open = await request.get("/api/v1/incidents?service=fraud-detector&status=open", { headers: ADMIN });
    expect((await open.json()).items.map((i: { source: string }) => i.source)).toEqual(["alertmanager"]);
    await page.goto(SERVICE);
    await expect(page.getByRole("region", { name: /Incidents · 1 open/ })).toBeVisible();

    const dora = await request.get("/api/v1/dora?service=fraud-detector&days=30", { headers: ADMIN });
    expect((await dora.json()).timeToRestore.source).toBe("incidents");
  });
});
