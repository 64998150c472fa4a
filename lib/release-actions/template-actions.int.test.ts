// A user-written action template (spec.type: action) on real Postgres: offered where its target rule
// matches and to whom it is open, run on an environment with entity/environment/release expressions
// resolved, production waiting for the owning team's approval (never the requester's), and the
// same lock and freeze as the built-in release actions.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { auditLog } from "@/db/schema";
import { testDatabases } from "@/db/testing";
import type { Actor } from "@/lib/access/permissions";
import { importDescriptors } from "@/lib/catalog/import-descriptors";
import { recordDeployment } from "@/lib/delivery/record-deployment";
import { decideApproval } from "@/lib/provisioning/run-commands";
import { getRunView } from "@/lib/provisioning/queries";
import { inlineQueue, testActor } from "@/lib/provisioning/testing";
import { createFreeze, deleteFreeze } from "./freezes";
import { listEntityActions } from "./list-actions";
import { PAYMENTS_TEAM } from "./testing";
import { requestRun, type RunRequest } from "./request-run";

const system: Actor = { kind: "system", name: "test", role: "admin" };
const SERVICE = "component:default/payments";
const LEGACY = "component:default/legacy-site";

const CATALOG = `${PAYMENTS_TEAM}apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: payments, annotations: { portolan.dev/deploy-url: "https://deploy.example.com/hook" } }
spec: { type: service, lifecycle: production, owner: group:default/payments-team, system: checkout }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: legacy-site }
spec: { type: website, lifecycle: deprecated, owner: group:default/payments-team }
`;

const TEMPLATES = `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: { name: flush-cache, title: Flush cache }
spec:
  type: action
  target: { on: environment, type: service, system: checkout }
  parameters:
    properties:
      reason: { type: string, minLength: 3 }
    required: [reason]
  steps:
    - id: flush
      action: debug:log
      input:
        message: "\${{ entity.ref }}|\${{ entity.owner }}|\${{ environment.name }}|\${{ environment.url }}|\${{ environment.liveVersion }}|\${{ release.version }}|\${{ release.previous }}|\${{ parameters.reason }}"
---
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: { name: rotate-keys, title: Rotate keys }
spec:
  type: action
  target: { on: component, owner: payments-team }
  steps:
    - id: rotate
      action: debug:log
      input: { message: "rotate \${{ entity.name }}" }
---
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: { name: admin-only, title: Admins only }
spec:
  type: action
  target: component
  guardrails: { allowed: { roles: [admin] } }
  steps:
    - id: x
      action: debug:log
      input: { message: x }
`;

const saved = { ...process.env };

describe.each(testDatabases())("action templates on $name", (target) => {
  let database: Database;
  let dir: string;
  const alice = testActor("alice");
  const dave = testActor("dave");
  const bob = testActor("bob");
  const admin = testActor("root", "admin");

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "portolan-action-templates-"));
    fs.writeFileSync(path.join(dir, "actions.yaml"), TEMPLATES);
    process.env.PORTOLAN_TEMPLATES_DIR = dir;
    // The built-in redeploy below gets as far as the lock: its deployer is a signed URL.
    process.env.PORTOLAN_SECRET_DEPLOY_SIGNING = "test-signing-key";
    database = await target.open();
    await importDescriptors(database.db, system, {
      location: { id: "action-templates", type: "api", target: "action-templates" },
      text: CATALOG,
      source: "catalog.yaml",
    });
    const report = (id: string, service: string, environment: string, version: string, minutesAgo: number) =>
      recordDeployment(database.db, system, {
        id,
        service,
        environment,
        version,
        ref: version,
        url: `https://${environment}.${service}.example.com`,
        status: "success",
        startedAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
      });
    await report("p1", "payments", "production", "v1.0.0", 300);
    await report("p2", "payments", "production", "v1.1.0", 200);
    await report("s1", "payments", "staging", "v1.2.0", 100);
    await report("l1", "legacy-site", "production", "v9", 100);
  });
  afterAll(async () => {
    process.env = { ...saved };
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const run = (
    actor: Actor,
    body: Omit<RunRequest, "template"> & { template?: string },
    queue = inlineQueue(database),
  ) =>
    requestRun(database.db, actor, { template: "flush-cache", ...body }, { enqueue: queue.enqueue }).then((r) => ({
      run: r,
      queue,
    }));
  const flushOutput = async (actor: Actor, id: string) =>
    (await getRunView(database.db, actor, id)).steps.find((s) => s.id === "flush")?.output.message;

  it("offers a template where its target rule matches, to whom it is open; a non-matching entity gets none", async () => {
    const all = await listEntityActions(database.db, bob, SERVICE);
    // The built-in release actions are listed beside them.
    expect(all.map((a) => a.kind)).toContain("release");
    const offered = all.filter((a) => a.kind === "template");
    expect(offered).toEqual(
      expect.arrayContaining([
        {
          kind: "template",
          template: "flush-cache",
          title: "Flush cache",
          target: { entity: SERVICE, environment: "production" },
        },
        {
          kind: "template",
          template: "flush-cache",
          title: "Flush cache",
          target: { entity: SERVICE, environment: "staging" },
        },
        { kind: "template", template: "rotate-keys", title: "Rotate keys", target: { entity: SERVICE } },
      ]),
    );
    expect(offered).toHaveLength(3);
    // Admins see the template open to admins only.
    expect((await listEntityActions(database.db, admin, SERVICE)).map((a) => a.template)).toContain("admin-only");
    // legacy-site is a website outside checkout: no flush-cache, though owned by the same team.
    const legacy = (await listEntityActions(database.db, bob, LEGACY)).filter((a) => a.kind === "template");
    expect(legacy.map((a) => a.template)).toEqual(["rotate-keys"]);
    expect(await listEntityActions(database.db, testActor("val", "viewer"), SERVICE)).toEqual([]);
  });

  it("runs on staging with entity, environment and release resolved", async () => {
    const { run: created, queue } = await run(bob, {
      entity: "payments",
      environment: "staging",
      parameters: { reason: "stale prices" },
    });
    expect(created).toMatchObject({
      status: "queued",
      action: "flush-cache",
      environment: "staging",
      version: "v1.2.0",
    });
    await queue.drain();
    const view = await getRunView(database.db, bob, created.id);
    expect(view.error).toBeNull();
    expect(view.status).toBe("succeeded");
    expect(await flushOutput(bob, created.id)).toBe(
      `${SERVICE}|group:default/payments-team|staging|https://staging.payments.example.com|v1.2.0|v1.2.0||stale prices`,
    );
    const [audit] = await database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.target, `run:${created.id}`));
    expect(audit).toMatchObject({ action: "action.run" });
    expect(audit.details).toMatchObject({ template: "flush-cache", service: SERVICE, environment: "staging" });
  });

  it("production waits for the owning team's approval (never the requester's), and holds the lock meanwhile", async () => {
    const { run: created, queue } = await run(alice, {
      entity: SERVICE,
      environment: "production",
      parameters: { reason: "bad entry" },
    });
    expect(created.status).toBe("awaiting_approval");
    const deps = { enqueue: queue.enqueue };
    await expect(decideApproval(database.db, alice, created.id, { approve: true }, deps)).rejects.toMatchObject({
      code: "forbidden:approval",
    });
    await expect(decideApproval(database.db, bob, created.id, { approve: true }, deps)).rejects.toMatchObject({
      code: "forbidden:approval",
    });
    // One action per service × environment: a built-in redeploy to production now is refused, naming the holder.
    await expect(
      requestRun(
        database.db,
        bob,
        { template: "redeploy", entity: SERVICE, parameters: { environment: "production" } },
        { enqueue: queue.enqueue },
      ),
    ).rejects.toMatchObject({ code: "conflict:locked", message: expect.stringContaining("alice's flush-cache") });
    await expect(
      run(bob, { entity: SERVICE, environment: "production", parameters: { reason: "again" } }),
    ).rejects.toMatchObject({ code: "conflict:locked", message: expect.stringContaining("flush-cache") });
    await decideApproval(database.db, dave, created.id, { approve: true, comment: "go" }, deps);
    await queue.drain();
    expect((await getRunView(database.db, alice, created.id)).status).toBe("succeeded");
    expect(await flushOutput(alice, created.id)).toBe(
      `${SERVICE}|group:default/payments-team|production|https://production.payments.example.com|v1.1.0|v1.1.0|v1.0.0|bad entry`,
    );
  });

  it("refuses bad parameters, a non-matching entity or environment, and honours a freeze", async () => {
    await expect(run(bob, { entity: SERVICE, environment: "staging", parameters: {} })).rejects.toMatchObject({
      code: "unprocessable:parameters",
      details: [expect.objectContaining({ field: "reason" })],
    });
    await expect(
      run(bob, { entity: LEGACY, environment: "production", parameters: { reason: "nope" } }),
    ).rejects.toMatchObject({
      code: "unprocessable:parameters",
      details: [expect.objectContaining({ field: "entity" })],
    });
    await expect(
      run(bob, { entity: SERVICE, environment: "qa", parameters: { reason: "nope" } }),
    ).rejects.toMatchObject({
      code: "unprocessable:parameters",
      details: [expect.objectContaining({ field: "environment" })],
    });
    await expect(run(bob, { template: "admin-only", entity: SERVICE, parameters: {} })).rejects.toMatchObject({
      code: "forbidden:template",
    });
    await createFreeze(database.db, admin, {
      environment: "staging",
      service: "payments",
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      timeZone: "UTC",
      reason: "release train",
    });
    await expect(
      run(bob, { entity: SERVICE, environment: "staging", parameters: { reason: "stale" } }),
    ).rejects.toMatchObject({ code: "conflict:freeze", message: expect.stringContaining("release train") });
  });

  /** Requested on production, a freeze then created, approved inside it: the run fails before its step, naming the freeze. */
  const approvedInsideFreeze = async (freeze: Omit<Parameters<typeof createFreeze>[2], "environment">) => {
    const { run: created, queue } = await run(alice, {
      entity: SERVICE,
      environment: "production",
      parameters: { reason: "late" },
    });
    const window = await createFreeze(database.db, admin, { environment: "production", ...freeze });
    await decideApproval(database.db, dave, created.id, { approve: true }, { enqueue: queue.enqueue });
    await queue.drain();
    const view = await getRunView(database.db, alice, created.id);
    expect(view.status).toBe("failed");
    expect(view.error).toContain(freeze.reason);
    expect(view.steps.find((s) => s.id === "flush")?.status).not.toBe("succeeded");
    return window;
  };

  it("approved inside an occurrence of a repeating freeze that began after the request, it does not start", async () => {
    const clock = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString().slice(11, 16);
    const freeze = await approvedInsideFreeze({
      startsAt: new Date(Date.now() - 86_400_000).toISOString(),
      timeZone: "UTC",
      repeat: { every: "day", start: { time: clock(-3_600_000) }, end: { time: clock(3_600_000) } },
      reason: "daily batch window",
    });
    await deleteFreeze(database.db, admin, freeze.id);
  });

  it("approved inside a freeze that began after the request, it does not start", async () => {
    await approvedInsideFreeze({
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      timeZone: "UTC",
      reason: "incident review",
    });
  });

  it("a component action runs on the component, with no environment", async () => {
    const { run: created, queue } = await run(bob, { template: "rotate-keys", entity: SERVICE, parameters: {} });
    expect(created).toMatchObject({ status: "queued", environment: null });
    await queue.drain();
    const view = await getRunView(database.db, bob, created.id);
    expect(view.status).toBe("succeeded");
    expect(view.steps[0].output.message).toBe("rotate payments");
  });
});
