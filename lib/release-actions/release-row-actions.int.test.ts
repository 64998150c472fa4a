import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { githubReleases, releaseComparisons } from "@/db/schema";
import { testDatabases } from "@/db/testing";
import type { Actor } from "@/lib/access/permissions";
import { importDescriptors } from "@/lib/catalog/import-descriptors";
import { recordDeployment } from "@/lib/delivery/record-deployment";
import { getRunView } from "@/lib/provisioning/queries";
import { inlineQueue, testActor } from "@/lib/provisioning/testing";
import { createActionRun } from "./create-action-run";
import { readActionPanel } from "./list-actions";
import { requestRun } from "./request-run";
import { PAYMENTS_TEAM } from "./testing";

const system: Actor = { kind: "system", name: "test", role: "admin" };
const SERVICE = "component:default/payments";
const RELEASES = ["v1.3.0", "v1.2.0", "v1.1.0", "v1.0.0"];

const CATALOG = `${PAYMENTS_TEAM}apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments
  annotations: { portolan.dev/deploy-url: "https://deploy.example.test/hook", github.com/project-slug: acme/payments }
spec: { type: service, lifecycle: production, owner: group:default/payments-team }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: ledger }
spec: { type: service, lifecycle: production, owner: group:default/payments-team }
`;

// An action template on releases: offered on each release row, its run reads the row's release.
const TEMPLATES = `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: { name: announce-release, title: Announce }
spec:
  type: action
  target: { on: release, type: service }
  parameters:
    properties:
      channel: { type: string }
      release: { type: string }
  steps:
    - id: announce
      action: debug:log
      input: { message: "\${{ entity.name }} \${{ release.version }} \${{ parameters.release }} \${{ parameters.channel }}" }
`;

const saved = { ...process.env };

describe.each(testDatabases())("release row actions on $name", (target) => {
  let database: Database;
  let dir: string;
  const alice = testActor("alice");

  const report = (
    service: string,
    id: string,
    environment: string,
    version: string,
    minutesAgo: number,
    status: "success" | "failure" = "success",
  ) =>
    recordDeployment(database.db, system, {
      id,
      service,
      environment,
      version,
      status,
      startedAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
    });
  const rows = async (actor: Actor, service = SERVICE) =>
    (await readActionPanel(database.db, actor, service, RELEASES)).rows.map(
      (r) => `${r.action.title} (from ${r.action.target.from}; live there: ${r.base})`,
    );

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "portolan-release-rows-"));
    fs.writeFileSync(path.join(dir, "actions.yaml"), TEMPLATES);
    process.env.PORTOLAN_TEMPLATES_DIR = dir;
    database = await target.open();
    await importDescriptors(database.db, system, {
      location: { id: "release-rows", type: "api", target: "release-rows" },
      text: CATALOG,
      source: "catalog.yaml",
    });
    await report("payments", "p1", "production", "v1.0.0", 300);
    await report("payments", "s1", "staging", "v1.1.0", 200);
    await report("ledger", "l1", "production", "v1.0.0", 300);
    await report("ledger", "l2", "staging", "v1.1.0", 300);
  });
  afterAll(async () => {
    process.env = { ...saved };
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("the panel's promotions carry what is live where they go and the stored compare they would ship", async () => {
    await database.db.insert(releaseComparisons).values([
      { repo: "acme/payments", base: "v1.0.0", head: "v1.1.0", status: "ready", aheadBy: 3, totalCommits: 3 },
      { repo: "acme/payments", base: "v0.9.0", head: "v1.1.0", status: "ready", aheadBy: 9, totalCommits: 9 },
    ]);
    const panel = await readActionPanel(database.db, alice, SERVICE);
    const shown = panel.actions.map((a, i) => ({
      title: a.title,
      base: panel.bases[i],
      compare: panel.comparisons[i] ? `${panel.comparisons[i]!.base}...${panel.comparisons[i]!.head}` : null,
    }));
    expect(shown).toEqual([
      { title: "Promote v1.1.0 from staging to production", base: "v1.0.0", compare: "v1.0.0...v1.1.0" },
      { title: "Redeploy v1.0.0 to production", base: "v1.0.0", compare: null },
      { title: "Redeploy v1.1.0 to staging", base: "v1.1.0", compare: null },
    ]);
  });

  it("offers each release where it is not live yet, from the stage before; never a stage without one before it", async () => {
    expect(await rows(alice)).toEqual([
      "Promote v1.3.0 to production (from staging; live there: v1.0.0)",
      "Promote v1.2.0 to production (from staging; live there: v1.0.0)",
      "Promote v1.1.0 to production (from staging; live there: v1.0.0)",
    ]);
  });

  it("takes a release from the stage where it is live, and offers the stage after a new one", async () => {
    await report("payments", "d1", "dev", "v1.3.0", 50);
    expect(await rows(alice)).toEqual([
      "Promote v1.3.0 to production (from dev; live there: v1.0.0)",
      "Promote v1.3.0 to staging (from dev; live there: v1.1.0)",
      "Promote v1.2.0 to production (from staging; live there: v1.0.0)",
      "Promote v1.2.0 to staging (from dev; live there: v1.1.0)",
      "Promote v1.1.0 to production (from staging; live there: v1.0.0)",
      "Promote v1.0.0 to staging (from dev; live there: v1.1.0)",
    ]);
  });

  it("offers nothing from a source that is down, not even around it", async () => {
    await report("payments", "d2", "dev", "v1.3.1", 10, "failure");
    expect(await rows(alice)).toEqual([
      "Promote v1.2.0 to production (from staging; live there: v1.0.0)",
      "Promote v1.1.0 to production (from staging; live there: v1.0.0)",
    ]);
  });

  it("offers nothing to people who may not run actions, nor on a service without a deployer", async () => {
    expect(await rows(testActor("val", "viewer"))).toEqual([]);
    expect(await rows(alice, "component:default/ledger")).toEqual([]);
  });

  it("a row's promotion runs as the built-in promote of that version, waiting for production's approval", async () => {
    const [row] = (await readActionPanel(database.db, alice, SERVICE, ["v1.2.0"])).rows;
    expect(row.action.template).toBe("promote");
    const { from, environment, version } = row.action.target;
    const queue = inlineQueue(database);
    const run = await createActionRun(
      database.db,
      alice,
      { entity: SERVICE, template: "promote", parameters: { from, to: environment, version } },
      {
        enqueue: queue.enqueue,
        pollIntervalMs: 50,
        env: { ...process.env, PORTOLAN_SECRET_DEPLOY_SIGNING: "test-signing-key" },
      },
    );
    expect(run).toMatchObject({ status: "awaiting_approval", environment: "production", version: "v1.2.0" });
  });

  it("offers an action template on releases on each release row, and its run reads that release", async () => {
    const offers = (await readActionPanel(database.db, alice, SERVICE, ["v1.2.0", "v1.1.0"])).templates;
    expect(offers.map((o) => o.action)).toEqual([
      {
        kind: "template",
        template: "announce-release",
        title: "Announce",
        target: { entity: SERVICE, version: "v1.2.0" },
      },
      {
        kind: "template",
        template: "announce-release",
        title: "Announce",
        target: { entity: SERVICE, version: "v1.1.0" },
      },
    ]);
    // Not offered without release rows (the API's list, the matrix), nor to viewers.
    expect((await readActionPanel(database.db, alice, SERVICE)).templates).toEqual([]);
    expect((await readActionPanel(database.db, testActor("val", "viewer"), SERVICE, ["v1.2.0"])).templates).toEqual([]);

    await database.db.insert(githubReleases).values(
      ["v1.1.0", "v1.2.0"].map((tagName, i) => ({
        id: 8800 + i,
        repo: "acme/payments",
        tagName,
        createdAt: new Date(),
      })),
    );
    const queue = inlineQueue(database);
    const run = await requestRun(
      database.db,
      alice,
      { template: "announce-release", entity: SERVICE, release: "v1.2.0", parameters: { channel: "#releases" } },
      { enqueue: queue.enqueue },
    );
    expect(run).toMatchObject({ status: "queued", action: "announce-release", environment: null, version: "v1.2.0" });
    await queue.drain();
    const view = await getRunView(database.db, alice, run.id);
    expect(view.status).toBe("succeeded");
    expect(view.steps.find((s) => s.id === "announce")?.output.message).toBe("payments v1.2.0 v1.2.0 #releases");

    await expect(
      requestRun(
        database.db,
        alice,
        { template: "announce-release", entity: SERVICE, release: "v9.9.9", parameters: {} },
        { enqueue: queue.enqueue },
      ),
    ).rejects.toMatchObject({ code: "unprocessable:parameters", details: [{ field: "release" }] });
  });
});
