import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import type { Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { notificationDeliveries, notifications } from "@/db/schema";
import { actorLabel, type Actor } from "@/lib/access/permissions";
import { importDescriptors } from "@/lib/catalog/import-descriptors";
import { getCatalogLocation, listCatalogLocations } from "@/lib/catalog/location-queries";
import { getEntity, listEntities } from "@/lib/catalog/queries";
import { pickerOptions } from "@/lib/catalog/picker-options";
import { environmentsMatrixWithPreviews } from "@/lib/delivery/previews";
import { listDeployments } from "@/lib/delivery/queries";
import { recordDeployment } from "@/lib/delivery/record-deployment";
import { environmentsOfService } from "@/lib/delivery/service-environments";
import { listSelfServiceEnvironments } from "@/lib/provisioning/queries";
import { readDora } from "@/lib/dora/report";
import { receiveAlertmanager } from "@/lib/incidents/alertmanager";
import { receivePagerduty } from "@/lib/incidents/pagerduty-webhook";
import { listIncidents, toIncidentView } from "@/lib/incidents/queries";
import { reportIncident } from "@/lib/incidents/report-incident";
import { alertmanagerPayload } from "@/lib/incidents/schemas";
import { createMapping, listMappings, setServiceLabels } from "@/lib/incidents/service-mappings";
import {
  createInitiative,
  getInitiative,
  initiativeInput,
  initiativeProgress,
  listInitiatives,
} from "@/lib/scorecards/initiatives";
import { createChannel, listChannels } from "@/lib/notifications/channels";
import { listFailedDeliveries } from "@/lib/notifications/failed-deliveries";
import { getPreferences, setPreferences } from "@/lib/notifications/preferences";
import { listNotifications, markRead, unreadCount } from "@/lib/notifications/inbox";
import { createFreeze, listFreezes } from "@/lib/release-actions/freezes";
import { listEntityActions } from "@/lib/release-actions/list-actions";
import { catalogFacets } from "@/lib/scorecards/catalog-filter";
import { parseScorecardText } from "@/lib/scorecards/load-scorecards";
import { entityScorecards, listScorecards, scorecardResults } from "@/lib/scorecards/queries";
import { refreshScorecards } from "@/lib/scorecards/refresh";
import type { RouteContract } from "./contract";
import {
  catalogRoutes,
  deliveryRoutes,
  incidentRoutes,
  notificationRoutes,
  releaseActionRoutes,
  scorecardRoutes,
} from "./routes";

// What the lib functions behind the routes return, read through the response schemas the routes
// declare (and the document publishes). The types already agree (handlers reply through them); this
// checks the values: ISO dates, integers, enums, formats. e2e/api-contracts.spec.ts does the same over HTTP.

const admin: Actor = { kind: "system", name: "test", role: "admin" };

function expectAnswer(contract: RouteContract, status: number, value: unknown) {
  const schema = contract.responses?.[status]?.schema as z.ZodType;
  const parsed = schema.safeParse(JSON.parse(JSON.stringify(value)));
  expect(parsed.success ? [] : parsed.error.issues, `${contract.method} ${contract.path}`).toEqual([]);
}

const CATALOG = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-a }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: payments, tags: [java] }
spec: { type: service, lifecycle: production, owner: team-a }
---
kind: Broken
`;

const SCORECARDS = `apiVersion: portolan.dev/v1alpha1
kind: Scorecard
metadata: { name: basics }
spec:
  appliesTo: { kind: component }
  levels: [bronze, silver]
  rules:
    - { id: has-owner, level: bronze, how: Set spec.owner., check: { fact: entity.spec.owner, operator: exists } }
    - { id: deployed, level: silver, check: { fact: delivery.deploymentsLast30Days, operator: greaterThanInclusive, value: 1 } }
---
apiVersion: portolan.dev/v1alpha1
kind: Scorecard
metadata: { name: broken }
spec: { levels: [] }
`;

const PAGERDUTY_SECRET = "answers-secret";
const signed = (body: string) => ({
  get: (name: string) =>
    name.toLowerCase() === "x-pagerduty-signature"
      ? `v1=${createHmac("sha256", PAGERDUTY_SECRET).update(body).digest("hex")}`
      : null,
});

describe.each(testDatabases())("route answers from the lib on $name", (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open();
    await importDescriptors(database.db, admin, {
      location: { id: "answers", type: "api", target: "answers" },
      text: CATALOG,
      source: "answers.yaml",
    });
    await recordDeployment(database.db, admin, {
      id: "answers-1",
      service: "payments",
      environment: "production",
      version: "v1.0.0",
      status: "success",
      startedAt: "2026-01-02T03:04:05Z",
    });
  });
  afterAll(async () => database?.close());

  it("catalog entities and locations fit their declared schemas", async () => {
    const db = database.db;
    const page = await listEntities(db, catalogRoutes.listEntities.query.parse({}));
    expect(page.items.length).toBeGreaterThan(1);
    expectAnswer(catalogRoutes.listEntities, 200, page);
    expectAnswer(catalogRoutes.getEntity, 200, await getEntity(db, "component:default/payments"));
    const facets = await catalogFacets(db, catalogRoutes.listEntityFacets.query.parse({}));
    expect(facets.facets.tag).toEqual([{ value: "java", count: 1 }]);
    expectAnswer(catalogRoutes.listEntityFacets, 200, facets);
    const locations = await listCatalogLocations(db, admin, catalogRoutes.listLocations.query.parse({}));
    expect(locations.items.some((l) => l.errorCount > 0)).toBe(true);
    expectAnswer(catalogRoutes.listLocations, 200, locations);
    expectAnswer(catalogRoutes.getLocation, 200, await getCatalogLocation(db, admin, "answers"));
  });

  it("deployments, a service's environments and the matrix fit their declared schemas", async () => {
    const db = database.db;
    const deployments = await listDeployments(db, deliveryRoutes.listDeployments.query.parse({}));
    expect(deployments.items).toHaveLength(1);
    expectAnswer(deliveryRoutes.listDeployments, 200, deployments);
    const items = await environmentsOfService(db, "payments");
    expect(items[0].live?.version).toBe("v1.0.0");
    const previews = await listSelfServiceEnvironments(db, admin, { component: "component:default/payments" });
    expectAnswer(deliveryRoutes.listEnvironments, 200, { items, previews });
    expectAnswer(deliveryRoutes.environmentsMatrix, 200, await environmentsMatrixWithPreviews(db, admin, {}));
    const teams = await pickerOptions(
      db,
      admin,
      deliveryRoutes.environmentsFilterOptions.query.parse({ kind: "group" }),
    );
    expect(teams.map((t) => t.ref)).toEqual(["group:default/team-a"]);
    expectAnswer(deliveryRoutes.environmentsFilterOptions, 200, { items: teams });
  });

  it("incidents from every sender, and DORA figures, fit their declared schemas", async () => {
    const db = database.db;
    const reported = await reportIncident(db, admin, {
      id: "answers-incident",
      service: "payments",
      environment: "production",
      title: "Payments down",
      severity: "critical",
      status: "triggered",
    });
    expect(reported.created).toBe(true);
    expectAnswer(incidentRoutes.reportIncident, 201, toIncidentView(reported.incident));
    const resolved = await reportIncident(db, admin, {
      id: "answers-incident",
      service: "payments",
      title: "Payments down",
      severity: "critical",
      status: "resolved",
    });
    expectAnswer(incidentRoutes.reportIncident, 200, toIncidentView(resolved.incident));

    const alerts = await receiveAlertmanager(
      db,
      admin,
      alertmanagerPayload.parse({
        version: "4",
        status: "firing",
        groupKey: "answers",
        receiver: "portolan",
        groupLabels: { alertname: "Latency" },
        commonLabels: { alertname: "Latency" },
        commonAnnotations: {},
        externalURL: "http://alertmanager.example:9093",
        alerts: [
          {
            status: "firing",
            labels: { alertname: "Latency", service: "payments", env: "production", severity: "warning" },
            annotations: {},
            startsAt: "2026-01-02T04:00:00Z",
            endsAt: "0001-01-01T00:00:00Z",
            fingerprint: "answers-1",
          },
          {
            status: "firing",
            labels: { alertname: "Latency", service: "nobody-knows" },
            annotations: {},
            startsAt: "2026-01-02T04:00:00Z",
            endsAt: "0001-01-01T00:00:00Z",
            fingerprint: "answers-2",
          },
        ],
      }),
    );
    expect(alerts.incidents.map((i) => i.service)).toEqual(["component:default/payments", null]);
    expectAnswer(incidentRoutes.alertmanagerWebhook, 200, alerts);

    const event = (type: string, resource: string, data: Record<string, unknown>) =>
      JSON.stringify({
        event: {
          id: `e-${type}`,
          event_type: type,
          resource_type: resource,
          occurred_at: "2026-01-02T05:00:00Z",
          data,
        },
      });
    for (const body of [
      event("incident.triggered", "incident", {
        id: "QANSWERS",
        type: "incident",
        status: "triggered",
        created_at: "2026-01-02T05:00:00Z",
        title: "Paged",
        service: { id: "PUNKNOWN" },
      }),
      event("service.updated", "service", {}),
    ]) {
      const answer = await receivePagerduty(db, [PAGERDUTY_SECRET], { headers: signed(body), body });
      expect(answer.status).toBe(200);
      expectAnswer(incidentRoutes.pagerdutyWebhook, 200, answer.body);
    }

    const page = await listIncidents(db, admin, incidentRoutes.listIncidents.query.parse({}));
    expect(page.items.length).toBeGreaterThanOrEqual(4);
    expectAnswer(incidentRoutes.listIncidents, 200, page);
    for (const query of [{ service: "payments" }, { team: "team-a", days: "365" }]) {
      const report = await readDora(db, incidentRoutes.dora.query.parse(query));
      expectAnswer(incidentRoutes.dora, 200, report);
    }

    // The admin's service mapping: a rule for the unmatched alert's label re-attaches it.
    const rule = incidentRoutes.createIncidentMapping.body.schema.parse({
      labelName: "service",
      pattern: "nobody-knows",
      service: "payments",
    });
    const created = await createMapping(db, admin, rule);
    expect(created.reattached).toBe(1);
    expectAnswer(incidentRoutes.createIncidentMapping, 201, created);
    expectAnswer(incidentRoutes.listIncidentMappings, 200, await listMappings(db, admin));
    const labels = incidentRoutes.setIncidentServiceLabels.body.schema.parse({ serviceLabels: ["app", "service"] });
    expectAnswer(incidentRoutes.setIncidentServiceLabels, 200, await setServiceLabels(db, admin, labels));
  });

  it("scorecards, their results and initiatives fit their declared schemas", async () => {
    const db = database.db;
    const loaded = parseScorecardText(SCORECARDS, "answers.yaml");
    const scorecards = loaded.flatMap((s) => (s.ok ? [s.scorecard] : []));
    expect(scorecards).toHaveLength(1);
    const list = listScorecards(loaded);
    expect(list.broken).toHaveLength(1);
    expectAnswer(scorecardRoutes.listScorecards, 200, list);

    // payments has no stored result yet, so entityScorecards evaluates it on the spot; then the stored one.
    const ref = "component:default/payments";
    expectAnswer(scorecardRoutes.entityScorecards, 200, {
      entityRef: ref,
      items: await entityScorecards(db, ref, scorecards),
    });
    await refreshScorecards(db, { mode: "full" }, scorecards);
    const items = await entityScorecards(db, ref, scorecards);
    // Its one deployment is older than 30 days: bronze, with "deployed" failing.
    expect(items[0].level).toBe("bronze");
    expectAnswer(scorecardRoutes.entityScorecards, 200, { entityRef: ref, items });
    const levels = await catalogFacets(
      db,
      catalogRoutes.listEntityFacets.query.parse({ scorecard: "basics", facets: "level,kind" }),
      async () => scorecards,
    );
    expect(levels.facets.level).toEqual([{ value: "bronze", count: 1 }]);
    expectAnswer(catalogRoutes.listEntityFacets, 200, levels);
    const [basics] = scorecards;
    const { format: _format, ...filter } = scorecardRoutes.getScorecard.query.parse({});
    const page = await scorecardResults(db, basics, filter);
    expect(page.items.map((i) => i.entityRef)).toEqual([ref]);
    expectAnswer(scorecardRoutes.getScorecard, 200, {
      name: basics.name,
      title: basics.title,
      levels: basics.levels,
      ...page,
    });

    const input = initiativeInput.parse({
      name: "Deployed",
      scorecard: "basics",
      level: "bronze",
      owner: "team-a",
      services: { owners: ["team-a"] },
      deadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    });
    const created = await createInitiative(db, admin, input, scorecards);
    expectAnswer(scorecardRoutes.createInitiative, 201, created);
    expectAnswer(scorecardRoutes.listInitiatives, 200, await listInitiatives(db, scorecards));
    const initiative = await getInitiative(db, created.id);
    const progress = await initiativeProgress(db, initiative, basics);
    expect([progress.total, progress.done]).toEqual([1, 1]);
    expectAnswer(scorecardRoutes.getInitiative, 200, { ...initiative, progress });
  });

  it("freezes, release actions, notifications and channels fit their declared schemas", async () => {
    const db = database.db;
    const freeze = await createFreeze(db, admin, {
      environment: "production",
      service: "payments",
      startsAt: "2026-12-24T18:00",
      endsAt: "2026-12-27T08:00",
      timeZone: "Europe/Berlin",
      reason: "holidays",
    });
    expectAnswer(releaseActionRoutes.createFreeze, 201, freeze);
    expectAnswer(releaseActionRoutes.listFreezes, 200, { items: await listFreezes(db, { all: true }) });
    const actions = await listEntityActions(db, admin, "component:default/payments");
    expectAnswer(releaseActionRoutes.entityActions, 200, { items: actions });

    await db
      .insert(notifications)
      .values({ recipient: actorLabel(admin), event: "run.failed", title: "t", link: "/x" });
    const inbox = await listNotifications(db, admin, notificationRoutes.listNotifications.query.parse({}));
    expect(inbox.items).toHaveLength(1);
    expectAnswer(notificationRoutes.listNotifications, 200, inbox);
    const marked = await markRead(db, admin, { all: true });
    expectAnswer(notificationRoutes.markNotificationsRead, 200, { marked, unread: await unreadCount(db, admin) });

    const channel = await createChannel(
      db,
      admin,
      notificationRoutes.createChannel.body.schema.parse({
        kind: "webhook",
        url: "https://hooks.example.com/portolan",
        owner: "group:default/team-a",
      }),
      { secret: "answers-secret-answers-secret-32" },
    );
    expect(channel.signingKey).toEqual(expect.any(String));
    expectAnswer(notificationRoutes.createChannel, 201, channel);
    const channels = await listChannels(db, admin, { all: true });
    expect(channels.map((c) => Object.keys(c))).not.toContainEqual(expect.arrayContaining(["signingKey"]));
    expectAnswer(notificationRoutes.listChannels, 200, { items: channels });

    const weekly = await createFreeze(
      db,
      admin,
      releaseActionRoutes.createFreeze.body.schema.parse({
        environment: "*",
        timeZone: "Europe/Berlin",
        repeat: { every: "week", start: { day: "Friday", time: "16:00" }, end: { day: "monday", time: "08:00" } },
        reason: "weekends",
      }),
    );
    expect(weekly.repeat).toMatchObject({ start: { day: "friday" } });
    expectAnswer(releaseActionRoutes.createFreeze, 201, weekly);
    const matrix = await setPreferences(
      db,
      admin,
      notificationRoutes.setPreferences.body.schema.parse({
        owner: "group:default/team-a",
        items: [{ event: "run.failed", channel: channel.id, enabled: false }],
      }),
    );
    expectAnswer(notificationRoutes.setPreferences, 200, matrix);
    expectAnswer(
      notificationRoutes.getPreferences,
      200,
      await getPreferences(db, admin, { owner: "group:default/team-a" }),
    );
    const [delivery] = await db
      .insert(notificationDeliveries)
      .values({
        channelId: channel.id,
        event: "run.failed",
        payload: { title: "t" },
        status: "failed",
        attempts: 5,
        lastError: "could not reach hooks.example.com: refused",
      })
      .returning();
    const failed = await listFailedDeliveries(db, admin, notificationRoutes.listFailedDeliveries.query.parse({}));
    expect(failed.map((d) => d.id)).toEqual([delivery.id]);
    expectAnswer(notificationRoutes.listFailedDeliveries, 200, { items: failed });
  });

  it("refuses a value that breaks the schema, so the checks above can fail", () => {
    const schema = deliveryRoutes.listDeployments.responses[200].schema;
    expect(schema.safeParse({ items: [{ id: 1.5 }], nextCursor: null }).success).toBe(false);
    const incidents = incidentRoutes.listIncidents.responses[200].schema;
    const incident = {
      id: 1,
      service: null,
      serviceLabel: "x",
      environment: null,
      severity: "high",
      status: "triggered",
      title: "t",
      url: null,
      startedAt: "2026-01-02T03:04:05.000Z",
      acknowledgedAt: null,
      resolvedAt: null,
      source: "api",
      deploymentId: null,
    };
    expect(incidents.safeParse({ items: [incident], nextCursor: null }).success).toBe(true);
    expect(incidents.safeParse({ items: [{ ...incident, status: "open" }], nextCursor: null }).success).toBe(false);
  });
});
