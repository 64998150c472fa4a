import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import type { Actor } from "@/lib/access/permissions";
import { importDescriptors } from "@/lib/catalog/import-descriptors";
import { recordDeployment } from "@/lib/delivery/record-deployment";
import { deploymentInput } from "@/lib/delivery/schemas";
import { receiveAlertmanager } from "@/lib/incidents/alertmanager";
import { receivePagerduty } from "@/lib/incidents/pagerduty-webhook";
import { reportIncident } from "@/lib/incidents/report-incident";
import { alertmanagerPayload, incidentInput } from "@/lib/incidents/schemas";
import { readDora } from "./report";

const admin: Actor = { kind: "system", name: "test", role: "admin" };
const CATALOG = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: shop
  annotations: { pagerduty.com/service-id: PSHOP01 }
spec: { type: service, lifecycle: production, owner: team-shop }
`;
const HOUR = 3_600_000;
/** Whole hours, so every figure below is exact. */
const base = Math.floor(Date.now() / HOUR) * HOUR - 5 * 24 * HOUR;
const t = (hours: number) => new Date(base + hours * HOUR).toISOString();

const amAlert = (status: "firing" | "resolved", startsAt: string, endsAt?: string) =>
  alertmanagerPayload.parse({
    version: "4",
    groupKey: '{}:{alertname="ShopDown"}',
    status,
    receiver: "portolan",
    groupLabels: { alertname: "ShopDown" },
    commonLabels: { alertname: "ShopDown", service: "shop", environment: "production" },
    commonAnnotations: {},
    externalURL: "http://am.example",
    alerts: [
      {
        status,
        labels: { alertname: "ShopDown", service: "shop", environment: "production" },
        annotations: {},
        startsAt,
        endsAt: endsAt ?? "0001-01-01T00:00:00Z",
        fingerprint: "f00d",
      },
    ],
  });

function pd(id: string, type: string, status: string, occurredAt: string) {
  const body = JSON.stringify({
    event: {
      id,
      event_type: type,
      resource_type: "incident",
      occurred_at: occurredAt,
      agent: null,
      client: null,
      data: {
        id: "QSHOP1",
        type: "incident",
        status,
        created_at: t(80),
        title: "Checkout errors",
        service: { id: "PSHOP01", summary: "Shop" },
        urgency: "high",
      },
    },
  });
  const signature = `v1=${createHmac("sha256", "s").update(body).digest("hex")}`;
  return { body, headers: { get: (n: string) => (n === "x-pagerduty-signature" ? signature : null) } };
}

describe.each(testDatabases())("DORA from incidents on $name", (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open();
    await importDescriptors(database.db, admin, {
      location: { id: "test", type: "api", target: "test" },
      text: CATALOG,
      source: "c.yaml",
    });
  });
  afterAll(async () => database?.close());

  it("computes time to restore and change failure rate from the incidents, as by hand", async () => {
    const deploy = (id: string, status: string, start: number) =>
      recordDeployment(
        database.db,
        admin,
        deploymentInput.parse({
          id,
          service: "shop",
          environment: "production",
          version: id,
          status,
          startedAt: t(start),
          finishedAt: t(start),
        }),
      );
    await deploy("A", "success", 0);
    await deploy("B", "success", 48);
    await deploy("C", "failure", 100);

    // Alertmanager: fires 1 h after A, resolved 2 h later → A counts as failed; a 2 h restore.
    await receiveAlertmanager(database.db, admin, amAlert("firing", t(1)));
    await receiveAlertmanager(database.db, admin, amAlert("resolved", t(1), t(3)));
    // PagerDuty: begins 32 h after B (outside the 24 h window), resolved 1 h later → a 1 h restore.
    for (const [id, type, status, at] of [
      ["e1", "incident.triggered", "triggered", t(80)],
      ["e2", "incident.resolved", "resolved", t(81)],
    ]) {
      const { body, headers } = pd(id, type, status, at);
      expect((await receivePagerduty(database.db, ["s"], { headers, body })).status).toBe(200);
    }
    // Staging incidents do not count.
    await reportIncident(
      database.db,
      admin,
      incidentInput.parse({
        id: "stg",
        service: "shop",
        environment: "staging",
        title: "staging down",
        status: "resolved",
        startedAt: t(49),
        resolvedAt: t(90),
      }),
    );

    const dora = await readDora(database.db, { service: "shop", days: 30 });
    // Restores 2 h and 1 h → median 1.5 h.
    expect(dora.timeToRestore).toMatchObject({ hours: 1.5, samples: 2, source: "incidents" });
    // Finished: A, B, C. Failed: C (status) + A (incident within 24 h) → 2/3.
    expect(dora.changeFailureRate).toMatchObject({
      rate: 0.667,
      failedDeployments: 1,
      incidentFailures: 1,
      source: "deployments and incidents",
    });
    expect(dora.deploymentFrequency).toMatchObject({ deployments: 2, source: "deployments" });
    const team = await readDora(database.db, { team: "team-shop", days: 30 });
    expect(team).toMatchObject({ team: "group:default/team-shop", services: 1, timeToRestore: { hours: 1.5 } });
  });
});
