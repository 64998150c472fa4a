import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { auditLog, incidentEvents } from "@/db/schema";
import { testDatabases } from "@/db/testing";
import type { Actor } from "@/lib/access/permissions";
import { receiveAlertmanager } from "./alertmanager";
import { listIncidents } from "./queries";
import { reportIncident } from "./report-incident";
import { incidentInput } from "./schemas";
import {
  createMapping,
  deleteMapping,
  listMappings,
  mappingAdminView,
  mappingInput,
  serviceLabelsInput,
  setServiceLabels,
} from "./service-mappings";
import { importIncidentCatalog, notification } from "./testing/fixtures";

const admin: Actor = { kind: "user", id: "u1", login: "ops-admin", name: null, role: "admin" };
const developer: Actor = { kind: "user", id: "u2", login: "dev", name: null, role: "developer" };
const alertmanager: Actor = {
  kind: "token",
  id: "t1",
  name: "alertmanager",
  role: "developer",
  scopes: ["incidents:write"],
};

const at = "2026-04-01T10:00:00Z";
/** One alert group, every alert in the notification's status. */
const group = (
  name: string,
  status: "firing" | "resolved",
  alerts: { fp: string; labels: Record<string, string>; endsAt?: string }[],
) =>
  notification(
    status,
    alerts.map((a) => ({ ...a, status, startsAt: at })),
    name,
  );

const rule = (input: Record<string, unknown>) => mappingInput.parse(input);

describe.each(testDatabases())("incident service mapping on $name", (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open();
    await importIncidentCatalog(database.db);
  });
  afterAll(async () => database?.close());

  it("re-attaches an unmatched incident when a rule for its label is added, and keeps following its alerts", async () => {
    const firing = group("CheckoutDown", "firing", [{ fp: "m1", labels: { app: "checkout-web", env: "prod" } }]);
    const [unmatched] = (await receiveAlertmanager(database.db, alertmanager, firing)).incidents;
    expect(unmatched).toMatchObject({ service: null, serviceLabel: null, status: "triggered" });
    const view = await mappingAdminView(database.db, admin);
    expect(view.services).toContain("component:default/checkout");
    expect(view.unmatched.find((i) => i.id === unmatched.id)?.labels).toMatchObject({
      app: "checkout-web",
      env: "prod",
    });

    const created = await createMapping(
      database.db,
      admin,
      rule({ labelName: "app", pattern: "checkout-web", service: "checkout", environment: "production" }),
    );
    expect(created).toMatchObject({
      reattached: 1,
      mapping: { service: "component:default/checkout", match: "exact" },
    });
    const open = await listIncidents(database.db, developer, { service: "checkout", status: "open" });
    expect(open.items).toMatchObject([{ id: unmatched.id, environment: "production", status: "triggered" }]);
    const timeline = await database.db.select().from(incidentEvents).where(eq(incidentEvents.incidentId, unmatched.id));
    expect(timeline.map((e) => e.kind)).toContain("updated");

    // The same group repeats, then resolves: the re-attached incident, not a new one.
    await receiveAlertmanager(database.db, alertmanager, firing);
    const resolved = await receiveAlertmanager(
      database.db,
      alertmanager,
      group("CheckoutDown", "resolved", [
        { fp: "m1", labels: { app: "checkout-web", env: "prod" }, endsAt: "2026-04-01T10:30:00Z" },
      ]),
    );
    expect(resolved.incidents).toMatchObject([{ id: unmatched.id, status: "resolved" }]);
    const all = await listIncidents(database.db, developer, { service: "checkout" });
    expect(all.items.map((i) => i.id)).toEqual([unmatched.id]);
    expect(all.items[0]).toMatchObject({ resolvedAt: "2026-04-01T10:30:00.000Z" });

    const audits = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "incident-mapping.create"), eq(auditLog.actor, "user:ops-admin")));
    expect(audits).toHaveLength(1);
    expect(audits[0].details).toMatchObject({ reattached: [unmatched.id] });
  });

  it("lands an alert whose only label is mapped on the mapped service, by priority, before the service labels", async () => {
    await createMapping(
      database.db,
      admin,
      rule({ labelName: "team_app", match: "glob", pattern: "ledger-*", service: "ledger" }),
    );
    await createMapping(
      database.db,
      admin,
      rule({ labelName: "team_app", match: "regex", pattern: "ledger-(eu|us)", service: "checkout", priority: 200 }),
    );
    const result = await receiveAlertmanager(
      database.db,
      alertmanager,
      group("LedgerLag", "firing", [
        { fp: "l1", labels: { team_app: "ledger-eu", env: "staging" } },
        // A rule wins over the service label; a value the rules do not match falls back to it.
        { fp: "l2", labels: { team_app: "ledger-us", service: "checkout", env: "staging" } },
        { fp: "l3", labels: { team_app: "other", service: "checkout", env: "staging" } },
      ]),
    );
    expect(result.incidents.map((i) => [i.service, i.environment]).sort()).toEqual([
      ["component:default/checkout", "staging"],
      ["component:default/ledger", "staging"],
    ]);
    // The two ledger alerts (rule) are one incident, the fallback one another.
    expect(result.incidents).toHaveLength(2);
    const { items } = await listMappings(database.db, admin);
    expect(items.map((r) => r.match)).toEqual(["exact", "glob", "regex"]);
  });

  it("reads the service label names an admin sets, and maps the generic API's labels", async () => {
    await setServiceLabels(database.db, admin, serviceLabelsInput.parse({ serviceLabels: ["component", "service"] }));
    const alert = await receiveAlertmanager(
      database.db,
      alertmanager,
      group("Anything", "firing", [{ fp: "c1", labels: { component: "ledger" } }]),
    );
    expect(alert.incidents).toMatchObject([{ service: "component:default/ledger", serviceLabel: "ledger" }]);
    expect((await listMappings(database.db, admin)).serviceLabels).toEqual(["component", "service"]);

    const reported = await reportIncident(
      database.db,
      alertmanager,
      incidentInput.parse({
        id: "ext-1",
        service: "billing-v2",
        title: "Billing errors",
        labels: { team_app: "ledger-x" },
      }),
    );
    expect(reported.incident).toMatchObject({ serviceRef: "component:default/ledger", serviceLabel: "billing-v2" });
    const unknown = await reportIncident(
      database.db,
      alertmanager,
      incidentInput.parse({ id: "ext-2", service: "billing-v2", title: "Billing errors" }),
    );
    expect(unknown.incident.serviceRef).toBeNull();
    const added = await createMapping(
      database.db,
      admin,
      rule({ labelName: "service", pattern: "billing-v2", service: "checkout" }),
    );
    expect(added.reattached).toBe(1);
    expect(
      (await listIncidents(database.db, admin, { unmatched: true })).items.some((i) => i.serviceLabel === "billing-v2"),
    ).toBe(false);
  });

  it("refuses bad rules with a message (422 unknown service or bad regex, 409 duplicate), and non-admins (403)", async () => {
    await expect(
      createMapping(database.db, admin, rule({ labelName: "app", pattern: "x", service: "no-such-service" })),
    ).rejects.toMatchObject({ code: "unprocessable:incidents", message: expect.stringMatching(/not in the catalog/) });
    await expect(
      createMapping(database.db, admin, rule({ labelName: "app", match: "regex", pattern: "(", service: "checkout" })),
    ).rejects.toMatchObject({ code: "unprocessable:incidents", message: expect.stringMatching(/regular expression/) });
    await expect(
      createMapping(database.db, admin, rule({ labelName: "app", pattern: "x", service: "Component:???" })),
    ).rejects.toMatchObject({ code: "unprocessable:incidents" });
    await expect(
      createMapping(database.db, admin, rule({ labelName: "app", pattern: "checkout-web", service: "ledger" })),
    ).rejects.toMatchObject({ code: "conflict:incidents" });
    expect(mappingInput.safeParse({ labelName: "bad name", pattern: "x", service: "checkout" }).success).toBe(false);
    expect(serviceLabelsInput.safeParse({ serviceLabels: [] }).success).toBe(false);

    const probe = rule({ labelName: "app", pattern: "y", service: "checkout" });
    await expect(createMapping(database.db, developer, probe)).rejects.toMatchObject({ code: "forbidden:auth" });
    await expect(listMappings(database.db, developer)).rejects.toMatchObject({ code: "forbidden:auth" });
    await expect(mappingAdminView(database.db, alertmanager)).rejects.toMatchObject({ code: "forbidden:auth" });
    await expect(
      setServiceLabels(database.db, developer, serviceLabelsInput.parse({ serviceLabels: ["x"] })),
    ).rejects.toMatchObject({ code: "forbidden:auth" });
    const [first] = (await listMappings(database.db, admin)).items;
    await expect(deleteMapping(database.db, developer, first.id)).rejects.toMatchObject({ code: "forbidden:auth" });
    await deleteMapping(database.db, admin, first.id);
    await expect(deleteMapping(database.db, admin, first.id)).rejects.toMatchObject({ code: "not_found:incidents" });
  });
});
