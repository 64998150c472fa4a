import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/db/client";
import { githubReleases, healthProbes } from "@/db/schema";
import { testDatabases } from "@/db/testing";
import type { Actor } from "@/lib/access/permissions";
import { importDescriptors } from "@/lib/catalog/import-descriptors";
import { recordDeployment } from "@/lib/delivery/record-deployment";
import { serviceDeliveryParams } from "@/lib/delivery/schemas";
import { reportIncident } from "@/lib/incidents/report-incident";
import { incidentInput } from "@/lib/incidents/schemas";
import { insertPreview, testActor } from "@/lib/provisioning/testing";
import { readActionPanel } from "@/lib/release-actions/list-actions";
import { PAYMENTS_TEAM } from "@/lib/release-actions/testing";
import { applyingScorecards } from "@/lib/scorecards/catalog-scorecards";
import { refreshScorecards } from "@/lib/scorecards/refresh";
import { readEntityPage } from "./read-entity-page";

const system: Actor = { kind: "system", name: "test", role: "admin" };
const SERVICE = "component:default/payments";
const API = "api:default/payments-api";

const CATALOG = `${PAYMENTS_TEAM}apiVersion: backstage.io/v1alpha1
kind: System
metadata: { name: payments, title: Payments platform }
spec: { owner: payments-team }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments
  title: Payments
  description: Takes the money and keeps the ledger straight.
  annotations: { portolan.dev/deploy-url: "https://deploy.example.test/hook", github.com/project-slug: acme/payments }
spec: { type: service, lifecycle: production, owner: payments-team, system: payments, providesApis: [payments-api] }
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata: { name: payments-api }
spec: { type: openapi, lifecycle: production, owner: payments-team, system: payments, definition: "openapi: 3.0.0" }
`;

// An action template on environments and one on releases: the panel offers them on what the page lists.
const TEMPLATES = `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: { name: flush-cache, title: Flush cache }
spec:
  type: action
  target: { on: environment, type: service }
  steps: [{ id: flush, action: debug:log, input: { message: flush } }]
---
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: { name: announce-release, title: Announce }
spec:
  type: action
  target: { on: release, type: service }
  steps: [{ id: announce, action: debug:log, input: { message: announce } }]
`;

type Sent = { text: string; values: unknown[] };

/** Every statement `work` sends through the database's driver (pg's pool or PGlite), in order. */
async function statementsOf<T>(database: Database, work: () => Promise<T>): Promise<{ result: T; sent: Sent[] }> {
  const client = (database.driver.pool ?? database.driver.pglite) as unknown as {
    query: (...args: unknown[]) => unknown;
  };
  const spy = vi.spyOn(client, "query");
  try {
    const result = await work();
    const sent = spy.mock.calls.map(([config, values]) => {
      const asConfig = config as { text?: string; values?: unknown[] };
      return {
        text: typeof config === "string" ? config : asConfig.text!,
        values: (values ?? asConfig.values ?? []) as unknown[],
      };
    });
    return { result, sent };
  } finally {
    spy.mockRestore();
  }
}

const reading = (table: string) => new RegExp(`(from|join)\\s+"?${table}"?(\\s|$)`, "i");
/** A read of one entity's row by its ref: the page's view (by position in a ref array) or `where ref = $n`. */
const ENTITY_ROW = /\bentities"?(\s+e)?\s+where\s+("entities"\.|e\.)?"?ref"?\s*=\s*\$\d|\be\.ref = page\.ref\b/i;

describe.each(testDatabases())("the entity page's data on $name", (target) => {
  let database: Database;
  let dir: string;
  const saved = { ...process.env };
  const alice = testActor("alice");
  const viewer = testActor("val", "viewer");
  const params = (query: Record<string, string> = {}) => serviceDeliveryParams.parse(query);

  const deploy = (environment: string, version: string, minutesAgo: number) =>
    recordDeployment(database.db, system, {
      id: `${environment}-${version}`,
      service: "payments",
      environment,
      version,
      status: "success",
      startedAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
    });
  const probe = (environment: string, isOk: boolean, minutesAgo: number) =>
    database.db.insert(healthProbes).values({
      serviceRef: SERVICE,
      environment,
      url: `https://${environment}.payments.test/health`,
      isOk,
      latencyMs: isOk ? 40 : null,
      probedAt: new Date(Date.now() - minutesAgo * 60_000),
    });
  const incident = (id: string, status: "triggered" | "resolved", minutesAgo: number) =>
    reportIncident(
      database.db,
      system,
      incidentInput.parse({
        id,
        service: "payments",
        environment: "production",
        title: `Incident ${id}`,
        status,
        startedAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
        ...(status === "resolved"
          ? { resolvedAt: new Date(Date.now() - (minutesAgo - 5) * 60_000).toISOString() }
          : {}),
      }),
    );

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "portolan-entity-page-"));
    fs.writeFileSync(path.join(dir, "actions.yaml"), TEMPLATES);
    process.env.PORTOLAN_TEMPLATES_DIR = dir;
    database = await target.open();
    const { db } = database;
    await importDescriptors(db, system, {
      location: { id: "entity-page", type: "api", target: "entity-page" },
      text: CATALOG,
      source: "catalog.yaml",
    });
    await deploy("production", "v1.0.0", 300);
    await deploy("staging", "v1.1.0", 200);
    await deploy("dev", "v1.2.0", 100);
    for (const [environment, ok] of [
      ["production", [true, true, false]],
      ["staging", [true]],
      ["dev", [false, true]],
    ] as const)
      for (const [i, isOk] of ok.entries()) await probe(environment, isOk, 30 - i);
    await db.insert(githubReleases).values(
      ["v1.0.0", "v1.1.0", "v1.2.0"].map((tagName, i) => ({
        id: 9100 + i,
        repo: "acme/payments",
        tagName,
        createdAt: new Date(Date.now() - (300 - i * 100) * 60_000),
      })),
    );
    await incident("old-1", "resolved", 600);
    await incident("old-2", "resolved", 500);
    await incident("now-1", "triggered", 20);
    await insertPreview(db, "pay-alice", SERVICE, "alice", "ready");
    // Steady state: the scorecards' results are stored (the refresh job), not evaluated while rendering.
    await refreshScorecards(db, { mode: "entities", refs: [SERVICE] }, await applyingScorecards(db));
  });
  afterAll(async () => {
    process.env = { ...saved };
    await database?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("reads what a component's page shows: titles, environments with their history, previews, incidents, scorecards, actions", async () => {
    const page = (await readEntityPage(database.db, alice, SERVICE, params()))!;
    expect(page.entity).toMatchObject({ ref: SERVICE, kind: "Component", metadata: { title: "Payments" } });
    expect([page.owner, page.system]).toEqual(["group:default/payments-team", "system:default/payments"]);
    expect(page.titles.get("system:default/payments")).toEqual({ title: "Payments platform", kind: "system" });
    expect(page.titles.has(API)).toBe(true);
    expect(page.titles.has("group:default/payments-team")).toBe(true);

    if (page.delivery?.tab !== "environments")
      throw new Error(`expected the environments tab, got ${page.delivery?.tab}`);
    const { environments, histories, previews } = page.delivery;
    expect(environments.map((e) => [e.name, e.live?.version, e.live?.tag])).toEqual([
      ["production", "v1.0.0", "v1.0.0"],
      ["staging", "v1.1.0", "v1.1.0"],
      ["dev", "v1.2.0", "v1.2.0"],
    ]);
    // Each history belongs to its environment, oldest probe first.
    expect(histories.map((h) => [h.uptime7d, h.latency.map((p) => p.ok)])).toEqual([
      [66.67, [true, true, false]],
      [100, [true]],
      [50, [false, true]],
    ]);
    expect(previews.map((p) => [p.name, p.status, p.url])).toEqual([["pay-alice", "ready", "http://127.0.0.1:4100"]]);

    expect(page.incidents?.map((i) => [i.title, i.status])).toEqual([
      ["Incident now-1", "triggered"],
      ["Incident old-2", "resolved"],
      ["Incident old-1", "resolved"],
    ]);
    expect(page.incidents?.[0].deployment).toMatchObject({ version: "v1.0.0" });
    expect(page.onCall).toBeNull(); // no PagerDuty annotation
    expect(page.scorecards.map((s) => s.name)).toEqual(["production-readiness"]);

    expect(page.panel.actions.map((a) => a.title)).toEqual([
      "Promote v1.1.0 from staging to production",
      "Promote v1.2.0 from dev to production",
      "Promote v1.2.0 from dev to staging",
      "Redeploy v1.0.0 to production",
      "Redeploy v1.1.0 to staging",
      "Redeploy v1.2.0 to dev",
    ]);
    expect(page.panel.templates.map((t) => `${t.action.template} on ${t.action.target.environment}`)).toEqual([
      "flush-cache on production",
      "flush-cache on staging",
      "flush-cache on dev",
    ]);
    expect(page.panel.repo).toBe("acme/payments");
    // The panel made from what the page read is the panel the API's path reads for itself.
    expect(page.panel).toEqual(await readActionPanel(database.db, alice, SERVICE));
  });

  it("hands the releases tab's releases to the panel, and reads the other tabs", async () => {
    const releases = (await readEntityPage(database.db, alice, SERVICE, params({ tab: "releases" })))!;
    if (releases.delivery?.tab !== "releases") throw new Error("expected the releases tab");
    const tags = releases.delivery.releases.map((r) => r.tagName);
    expect(releases.delivery.releases.map((r) => [r.tagName, r.liveIn])).toEqual([
      ["v1.2.0", ["dev"]],
      ["v1.1.0", ["staging"]],
      ["v1.0.0", ["production"]],
    ]);
    expect(releases.panel).toEqual(await readActionPanel(database.db, alice, SERVICE, tags));
    expect(releases.panel.rows.map((r) => r.action.title)).toContain("Promote v1.2.0 to production");
    expect(releases.panel.templates.filter((t) => t.action.target.version).map((t) => t.action.target.version)).toEqual(
      tags,
    );

    const deployments = (await readEntityPage(database.db, alice, SERVICE, params({ tab: "deployments" })))!;
    expect(deployments.delivery).toMatchObject({ tab: "deployments", environments: ["production", "staging", "dev"] });
    const dora = (await readEntityPage(database.db, alice, SERVICE, params({ tab: "dora" })))!;
    expect(dora.delivery?.tab).toBe("dora");
    expect(dora.panel).toEqual(await readActionPanel(database.db, alice, SERVICE));
  });

  it("reads a non-component without delivery or incidents, and an unknown ref as null", async () => {
    const api = (await readEntityPage(database.db, alice, API, params()))!;
    expect(api.entity.kind).toBe("API");
    expect([api.delivery, api.incidents, api.onCall]).toEqual([null, null, null]);
    expect(api.panel).toEqual(await readActionPanel(database.db, alice, API));
    expect(api.panel.actions).toEqual([]);
    const team = (await readEntityPage(database.db, alice, "group:default/payments-team", params()))!;
    expect(team.entity.kind).toBe("Group");
    expect(team.delivery).toBeNull();
    expect(await readEntityPage(database.db, alice, "component:default/ghost", params())).toBeNull();
  });

  it("shows a viewer everything but the action panel", async () => {
    const page = (await readEntityPage(database.db, viewer, SERVICE, params()))!;
    expect(page.delivery?.tab).toBe("environments");
    expect(page.incidents).toHaveLength(3);
    const { actions, templates, restarts, rows } = page.panel;
    expect({ actions, templates, restarts, rows }).toEqual({ actions: [], templates: [], restarts: [], rows: [] });
  });

  it("reads each thing once: one environments read, one incidents read, one health read for any number of environments", async () => {
    const count = (sent: Sent[], pattern: RegExp) => sent.filter((s) => pattern.test(s.text)).length;
    const measure = async (query: Record<string, string> = {}) =>
      (await statementsOf(database, () => readEntityPage(database.db, alice, SERVICE, params(query)))).sent;

    const environmentsTab = await measure();
    expect(count(environmentsTab, reading("service_environments"))).toBe(1);
    expect(count(environmentsTab, reading("github_releases"))).toBe(1); // the live versions' tags
    expect(count(environmentsTab, reading("incidents"))).toBe(1);
    expect(count(environmentsTab, reading("health_probes"))).toBeLessThanOrEqual(2);
    // The entity's row: the page's view, and the scorecards' applies-to conditions (SQL over the row).
    expect(count(environmentsTab, ENTITY_ROW)).toBeLessThanOrEqual(2);

    // A fourth environment: one more row, not more statements.
    await deploy("qa", "v1.2.0", 50);
    await probe("qa", true, 5);
    const withFour = await measure();
    expect(count(withFour, reading("health_probes"))).toBe(count(environmentsTab, reading("health_probes")));
    expect(withFour.length).toBe(environmentsTab.length);

    // The releases tab lists the environments' live versions and the panel acts on them: still one read.
    const releasesTab = await measure({ tab: "releases" });
    expect(count(releasesTab, reading("service_environments"))).toBe(1);
    expect(count(releasesTab, ENTITY_ROW)).toBeLessThanOrEqual(2);
  });
});
