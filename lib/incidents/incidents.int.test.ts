import { createHmac } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Database } from "@/db/client";
import { auditLog, incidentEvents } from "@/db/schema";
import { testDatabases } from "@/db/testing";
import type { Actor } from "@/lib/access/permissions";
import { recordDeployment } from "@/lib/delivery/record-deployment";
import { deploymentInput } from "@/lib/delivery/schemas";
import { receiveAlertmanager } from "./alertmanager";
import { receivePagerduty } from "./pagerduty-webhook";
import { listIncidents, serviceIncidents, withOpenIncidents } from "./queries";
import { reportIncident } from "./report-incident";
import { incidentInput } from "./schemas";
import { importIncidentCatalog, notification } from "./testing/fixtures";

const admin: Actor = { kind: "system", name: "test", role: "admin" };
const alertmanager: Actor = {
  kind: "token",
  id: "t1",
  name: "alertmanager",
  role: "developer",
  scopes: ["incidents:write"],
};
const reader: Actor = { kind: "token", id: "t2", name: "reader", role: "viewer", scopes: ["catalog:read"] };
const SECRET = "pd-secret";

/** A PagerDuty v3 webhook event for incident Q1ABC on PagerDuty service PXK4Q2Z. */
function pdEvent(id: string, type: string, status: string, occurredAt: string, extra: Record<string, unknown> = {}) {
  return JSON.stringify({
    event: {
      id,
      event_type: type,
      resource_type: "incident",
      occurred_at: occurredAt,
      agent: {
        id: "PLH1HKV",
        summary: "Ada Lovelace",
        type: "user_reference",
        self: "https://api.pagerduty.com/users/PLH1HKV",
        html_url: "https://acme.pagerduty.com/users/PLH1HKV",
      },
      client: null,
      data: {
        id: "Q1ABC",
        type: "incident",
        self: "https://api.pagerduty.com/incidents/Q1ABC",
        html_url: "https://acme.pagerduty.com/incidents/Q1ABC",
        number: 42,
        status,
        incident_key: "d3640fbd41094207a1c11e58e46b1662",
        created_at: "2026-03-02T10:00:00Z",
        title: "Checkout latency",
        service: { id: "PXK4Q2Z", summary: "Checkout", type: "service_reference", self: "x", html_url: "y" },
        assignees: [],
        escalation_policy: { id: "PESC001", summary: "Orbit", type: "escalation_policy_reference" },
        teams: [],
        priority: { id: "PSO75BM", summary: "P1", type: "priority_reference" },
        urgency: "high",
        conference_bridge: null,
        resolve_reason: null,
        ...extra,
      },
    },
  });
}

const sign = (body: string, secret = SECRET) => `v1=${createHmac("sha256", secret).update(body).digest("hex")}`;
const headers = (signature: string | null) => ({
  get: (n: string) => (n.toLowerCase() === "x-pagerduty-signature" ? signature : null),
});

describe.each(testDatabases())("incidents on $name", (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open();
    await importIncidentCatalog(database.db);
    await recordDeployment(
      database.db,
      admin,
      deploymentInput.parse({
        id: "d-1",
        service: "checkout",
        environment: "production",
        version: "2.4.0",
        status: "success",
        startedAt: "2026-03-02T09:00:00Z",
        finishedAt: "2026-03-02T09:05:00Z",
      }),
    );
  });
  afterAll(async () => database?.close());

  it("opens one incident per service and environment of a firing group, then closes it when the group resolves", async () => {
    const firing = notification("firing", [
      {
        fp: "a1",
        status: "firing",
        labels: { service: "checkout", env: "production", severity: "critical" },
        startsAt: "2026-03-02T09:30:00Z",
      },
      {
        fp: "a2",
        status: "firing",
        labels: { service: "checkout", env: "production", severity: "warning" },
        startsAt: "2026-03-02T09:31:00Z",
      },
      {
        fp: "b1",
        status: "firing",
        labels: { portolan_service: "ledger", environment: "staging" },
        startsAt: "2026-03-02T09:32:00Z",
      },
    ]);
    const first = await receiveAlertmanager(database.db, alertmanager, firing);
    expect(first.incidents).toHaveLength(2);
    const again = await receiveAlertmanager(database.db, alertmanager, firing); // repeat_interval
    expect(again.incidents.map((i) => i.id).sort()).toEqual(first.incidents.map((i) => i.id).sort());

    const open = await listIncidents(database.db, reader, { service: "checkout", status: "open" });
    expect(open.items).toHaveLength(1);
    expect(open.items[0]).toMatchObject({
      service: "component:default/checkout",
      environment: "production",
      severity: "critical",
      status: "triggered",
      source: "alertmanager",
      startedAt: "2026-03-02T09:30:00.000Z",
      resolvedAt: null,
    });
    expect(open.items[0].deploymentId).not.toBeNull(); // 2.4.0 was live

    // One alert resolves: still open. Then the group resolves.
    await receiveAlertmanager(
      database.db,
      alertmanager,
      notification("firing", [
        {
          fp: "a1",
          status: "resolved",
          labels: { service: "checkout", env: "production" },
          startsAt: "2026-03-02T09:30:00Z",
          endsAt: "2026-03-02T09:50:00Z",
        },
        {
          fp: "a2",
          status: "firing",
          labels: { service: "checkout", env: "production" },
          startsAt: "2026-03-02T09:31:00Z",
        },
      ]),
    );
    expect((await listIncidents(database.db, reader, { service: "checkout", status: "open" })).items).toHaveLength(1);
    const resolved = notification("resolved", [
      {
        fp: "a2",
        status: "resolved",
        labels: { service: "checkout", env: "production" },
        startsAt: "2026-03-02T09:31:00Z",
        endsAt: "2026-03-02T10:15:00Z",
      },
      {
        fp: "b1",
        status: "resolved",
        labels: { portolan_service: "ledger", environment: "staging" },
        startsAt: "2026-03-02T09:32:00Z",
        endsAt: "2026-03-02T09:40:00Z",
      },
    ]);
    await receiveAlertmanager(database.db, alertmanager, resolved);
    await receiveAlertmanager(database.db, alertmanager, resolved); // repeated: no second incident
    const checkout = await listIncidents(database.db, reader, { service: "checkout" });
    expect(checkout.items).toHaveLength(1);
    expect(checkout.items[0]).toMatchObject({ status: "resolved", resolvedAt: "2026-03-02T10:15:00.000Z" });
    const ledger = await listIncidents(database.db, reader, { service: "ledger", environment: "staging" });
    expect(ledger.items).toMatchObject([{ status: "resolved", resolvedAt: "2026-03-02T09:40:00.000Z" }]);
    const timeline = await database.db
      .select()
      .from(incidentEvents)
      .where(eq(incidentEvents.incidentId, checkout.items[0].id));
    expect(timeline.map((e) => e.kind).sort()).toEqual(
      ["alert_firing", "alert_firing", "alert_resolved", "alert_resolved", "resolved", "triggered"].sort(),
    );

    // The same group firing again later is a new incident.
    await receiveAlertmanager(
      database.db,
      alertmanager,
      notification("firing", [
        {
          fp: "a1",
          status: "firing",
          labels: { service: "checkout", env: "production" },
          startsAt: "2026-03-03T08:00:00Z",
        },
      ]),
    );
    expect((await listIncidents(database.db, reader, { service: "checkout" })).items).toHaveLength(2);
  });

  it("takes group keys and labels longer than an index entry", async () => {
    const long = notification("firing", [
      {
        fp: "long1",
        status: "firing",
        labels: { service: "x".repeat(3000), env: "production" },
        startsAt: "2026-03-02T12:00:00Z",
      },
    ]);
    const result = await receiveAlertmanager(database.db, alertmanager, { ...long, groupKey: "{}:".padEnd(4000, "k") });
    expect(result.incidents).toMatchObject([{ service: null, environment: "production", status: "triggered" }]);
  });

  it("keeps alerts for a service the catalog does not know, shown to admins only", async () => {
    await receiveAlertmanager(
      database.db,
      alertmanager,
      notification("firing", [
        {
          fp: "z1",
          status: "firing",
          labels: { service: "billing-unknown", env: "production" },
          startsAt: "2026-03-02T11:00:00Z",
        },
        { fp: "z2", status: "firing", labels: { env: "production" }, startsAt: "2026-03-02T11:01:00Z" },
      ]),
    );
    const unmatched = await listIncidents(database.db, admin, { unmatched: true });
    expect(unmatched.items.map((i) => i.serviceLabel)).toEqual(expect.arrayContaining(["billing-unknown", null]));
    expect(unmatched.items.every((i) => i.service === null)).toBe(true);
    const seenByReader = await listIncidents(database.db, reader, {});
    expect(seenByReader.items.some((i) => i.service === null)).toBe(false);
    await expect(listIncidents(database.db, reader, { unmatched: true })).rejects.toMatchObject({
      code: "forbidden:auth",
    });
  });

  it("follows a PagerDuty incident triggered, acknowledged and resolved through signed webhooks; forged ones change nothing", async () => {
    const triggered = pdEvent("ev-1", "incident.triggered", "triggered", "2026-03-02T10:00:05Z");
    expect(
      (await receivePagerduty(database.db, [SECRET], { headers: headers(sign(triggered)), body: triggered })).status,
    ).toBe(200);
    const forged = pdEvent("ev-x", "incident.resolved", "resolved", "2026-03-02T10:01:00Z");
    for (const signature of [null, sign(forged, "wrong"), "v1=zz", sign(triggered)]) {
      const answer = await receivePagerduty(database.db, [SECRET], { headers: headers(signature), body: forged });
      expect(answer.status).toBe(401);
    }
    expect((await receivePagerduty(database.db, [], { headers: headers(sign(forged)), body: forged })).status).toBe(
      401,
    );
    // Signed but unusable: a 400 naming the problem, nothing stored.
    for (const body of ['{"event":{"id":"x"}}', '{"event":"\\u0000"}', "not json"])
      await expect(
        receivePagerduty(database.db, [SECRET], { headers: headers(sign(body)), body }),
      ).rejects.toMatchObject({ code: expect.stringMatching(/^bad_request:/) });
    const openPagerduty = async () =>
      (await listIncidents(database.db, reader, { service: "checkout", status: "open" })).items.find(
        (i) => i.source === "pagerduty",
      );
    let incident = await openPagerduty();
    expect(incident).toMatchObject({
      source: "pagerduty",
      status: "triggered",
      severity: "critical",
      environment: "production",
    });

    const ack = pdEvent("ev-2", "incident.acknowledged", "acknowledged", "2026-03-02T10:04:00Z");
    // Rotation: two signatures, one with an old secret.
    await receivePagerduty(database.db, [SECRET], { headers: headers(`${sign(ack, "old")},${sign(ack)}`), body: ack });
    incident = await openPagerduty();
    expect(incident).toMatchObject({ status: "acknowledged", acknowledgedAt: "2026-03-02T10:04:00.000Z" });

    const resolved = pdEvent("ev-3", "incident.resolved", "resolved", "2026-03-02T10:40:00Z");
    await receivePagerduty(database.db, [SECRET], { headers: headers(sign(resolved)), body: resolved });
    // A late acknowledged delivery (out of order) must not reopen it; a redelivery is not added twice.
    await receivePagerduty(database.db, [SECRET], { headers: headers(sign(ack)), body: ack });
    const done = (await listIncidents(database.db, reader, { service: "checkout", status: "resolved" })).items.find(
      (i) => i.source === "pagerduty",
    );
    expect(done).toMatchObject({
      status: "resolved",
      startedAt: "2026-03-02T10:00:00.000Z",
      resolvedAt: "2026-03-02T10:40:00.000Z",
    });
    const events = await queryRows<{ kind: string }>(
      database.db,
      sql`select kind from incident_events where incident_id = ${done!.id} order by at`,
    );
    expect(events.map((e) => e.kind)).toEqual(["triggered", "acknowledged", "resolved"]);
    const audits = await database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.target, `incident:${done!.id}`));
    expect(audits.map((a) => a.action).sort()).toEqual([
      "incident.acknowledged",
      "incident.create",
      "incident.resolved",
    ]);
  });

  it("takes incidents from any tool by its id, and refuses callers without incidents:write", async () => {
    const body = incidentInput.parse({
      id: "inc-7",
      service: "ledger",
      environment: "production",
      title: "Ledger drift",
    });
    const created = await reportIncident(database.db, alertmanager, body);
    expect(created.created).toBe(true);
    const update = await reportIncident(database.db, alertmanager, { ...body, status: "resolved" });
    expect(update.created).toBe(false);
    expect(update.incident).toMatchObject({ status: "resolved" });
    await expect(reportIncident(database.db, reader, body)).rejects.toMatchObject({ code: "forbidden:auth" });
    expect(incidentInput.safeParse({ ...body, severity: "apocalyptic" }).success).toBe(false);
  });

  it("shows a service's open incidents first with the deployment live when each began, and marks the matrix", async () => {
    const list = await serviceIncidents(database.db, "component:default/checkout");
    const firstResolved = list.findIndex((i) => i.status === "resolved");
    expect(firstResolved).toBeGreaterThan(0);
    expect(list.slice(0, firstResolved).every((i) => i.status !== "resolved")).toBe(true);
    const pagerduty = list.find((i) => i.source === "pagerduty")!;
    expect(pagerduty.deployment).toMatchObject({ version: "2.4.0" });
    expect(pagerduty.timeline.map((e) => e.kind)).toEqual(["triggered", "acknowledged", "resolved"]);
    const matrix = await withOpenIncidents(database.db, {
      services: [{ ref: "component:default/checkout" }, { ref: "component:default/ledger" }],
    });
    expect(matrix.incidents).toEqual([
      { service: "component:default/checkout", environment: "production", open: 1, worst: "warning" },
    ]);
  });
});
