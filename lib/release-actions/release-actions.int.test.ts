import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { queryRows, type Database } from "@/db/client";
import { auditLog, deployments } from "@/db/schema";
import { testDatabases } from "@/db/testing";
import type { Actor } from "@/lib/access/permissions";
import { importDescriptors } from "@/lib/catalog/import-descriptors";
import { recordDeployment } from "@/lib/delivery/record-deployment";
import { listServiceEnvironments } from "@/lib/delivery/service-environments";
import { startFakeGithub, type FakeGithub, type FakeRepo } from "@/lib/github/testing/fake-github-server";
import { decideApproval } from "@/lib/provisioning/run-commands";
import { getRunView } from "@/lib/provisioning/queries";
import { inlineQueue, testActor } from "@/lib/provisioning/testing";
import { createActionRun, type ActionRunInput } from "./create-action-run";
import { createFreeze } from "./freezes";
import { listEntityActions } from "./list-actions";
import { PAYMENTS_TEAM } from "./testing";

const system: Actor = { kind: "system", name: "test", role: "admin" };
const SERVICE = "component:default/payments";

const CATALOG = `${PAYMENTS_TEAM}apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: payments, annotations: { github.com/project-slug: acme/payments } }
spec: { type: service, lifecycle: production, owner: group:default/payments-team }
`;

const saved = { ...process.env };

describe.each(testDatabases())("release actions on $name", (target) => {
  let database: Database;
  let fake: FakeGithub;
  let repo: FakeRepo;
  const dispatched: Record<string, unknown>[] = [];
  const alice = testActor("alice");
  const dave = testActor("dave");
  const bob = testActor("bob");
  const admin = testActor("root", "admin");

  beforeAll(async () => {
    repo = { id: 1, name: "payments", pushedAt: new Date().toISOString(), files: {}, branches: ["main"] };
    fake = await startFakeGithub({ org: { login: "acme", id: 7, teams: [], repos: [repo] } });
    Object.assign(process.env, { GITHUB_API_URL: fake.url, GITHUB_TOKEN: fake.token });
    // The service's deploy.yml: runs, then succeeds.
    fake.onDispatch = ({ run, inputs, workflow, ref }) => {
      dispatched.push({ workflow, ref, ...inputs });
      setTimeout(() => Object.assign(run, { status: "completed", conclusion: "success" }), 100);
    };
    database = await target.open();
    await importDescriptors(database.db, system, {
      location: { id: "release-actions", type: "api", target: "release-actions" },
      text: CATALOG,
      source: "catalog.yaml",
    });
    const report = (id: string, environment: string, version: string, minutesAgo: number) =>
      recordDeployment(database.db, system, {
        id,
        service: "payments",
        environment,
        version,
        ref: version,
        status: "success",
        startedAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
      });
    await report("p1", "production", "v1.0.0", 300);
    await report("p2", "production", "v1.1.0", 200);
    await report("s1", "staging", "v1.2.0", 100);
  });
  afterAll(async () => {
    process.env = { ...saved };
    await fake.close();
    await database.close();
  });
  beforeEach(() => {
    dispatched.length = 0;
  });

  const request = (actor: Actor, input: Omit<ActionRunInput, "entity">, queue = inlineQueue(database)) =>
    createActionRun(
      database.db,
      actor,
      { entity: SERVICE, ...input },
      { enqueue: queue.enqueue, pollIntervalMs: 50 },
    ).then((run) => ({ run, queue }));
  const live = async (environment: string) =>
    (await listServiceEnvironments(database.db, SERVICE)).find((e) => e.name === environment)?.live?.version;

  it("offers promote towards production, rollback and redeploy to developers; nothing to viewers", async () => {
    const items = await listEntityActions(database.db, bob, SERVICE);
    expect(items).toContainEqual({
      kind: "release",
      template: "promote",
      title: "Promote v1.2.0 from staging to production",
      target: { entity: SERVICE, environment: "production", from: "staging", version: "v1.2.0" },
    });
    expect(items.map((i) => `${i.template} ${i.target.environment} ${i.target.version}`)).toEqual(
      expect.arrayContaining(["rollback production v1.0.0", "redeploy production v1.1.0", "redeploy staging v1.2.0"]),
    );
    expect(await listEntityActions(database.db, testActor("val", "viewer"), SERVICE)).toEqual([]);
  });

  it("promote staging → production: owning-team approval (never the requester), the dispatched deploy.yml, a new production deployment", async () => {
    const { run, queue } = await request(alice, {
      template: "promote",
      parameters: { from: "staging", to: "production" },
    });
    expect(run).toMatchObject({ status: "awaiting_approval", environment: "production", version: "v1.2.0" });
    const deps = { enqueue: queue.enqueue };
    // The requester may not approve their own promotion, though on the owning team.
    await expect(decideApproval(database.db, alice, run.id, { approve: true }, deps)).rejects.toMatchObject({
      code: "forbidden:approval",
    });
    // Someone outside the owning team is no approver.
    await expect(decideApproval(database.db, bob, run.id, { approve: true }, deps)).rejects.toMatchObject({
      code: "forbidden:approval",
    });
    // An approver may read the run they decide, though only a viewer; other viewers may not.
    expect((await getRunView(database.db, testActor("dave", "viewer"), run.id)).can.approve).toBe(true);
    await expect(getRunView(database.db, testActor("val", "viewer"), run.id)).rejects.toMatchObject({
      code: "forbidden:run",
    });
    expect((await getRunView(database.db, alice, run.id)).can.approve).toBe(false);
    await decideApproval(database.db, dave, run.id, { approve: true, comment: "looks good" }, deps);
    await queue.drain();
    const view = await getRunView(database.db, alice, run.id);
    expect(view.error).toBeNull();
    expect(view.status).toBe("succeeded");
    expect(dispatched).toEqual([{ workflow: "deploy.yml", ref: "main", environment: "production", version: "v1.2.0" }]);
    expect(await live("production")).toBe("v1.2.0");
    const [row] = await database.db
      .select()
      .from(deployments)
      .where(eq(deployments.externalId, `portolan-run:${run.id}`));
    expect(row).toMatchObject({
      status: "success",
      environment: "production",
      version: "v1.2.0",
      deployedBy: "user:alice",
    });
  });

  it("rollback picks the previous successful version of the environment", async () => {
    const { run, queue } = await request(bob, { template: "rollback", parameters: { environment: "production" } });
    expect(run.version).toBe("v1.1.0");
    await decideApproval(database.db, admin, run.id, { approve: true }, { enqueue: queue.enqueue });
    await queue.drain();
    expect((await getRunView(database.db, bob, run.id)).status).toBe("succeeded");
    expect(dispatched).toEqual([expect.objectContaining({ environment: "production", version: "v1.1.0" })]);
    expect(await live("production")).toBe("v1.1.0");
  });

  it("two promotions at once: one gets the lock, the other is refused naming who holds it", async () => {
    const results = await Promise.allSettled([
      request(alice, { template: "promote", parameters: { from: "staging", to: "production" } }),
      request(bob, { template: "promote", parameters: { from: "staging", to: "production" } }),
    ]);
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(ok).toHaveLength(1);
    expect(refused[0].reason).toMatchObject({
      code: "conflict:locked",
      message: expect.stringMatching(/locked by (alice|bob)/),
    });
    // The holder is waiting for approval; rejecting it ends the run and frees the lock.
    const held = (ok[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof request>>>).value.run;
    await decideApproval(
      database.db,
      admin,
      held.id,
      { approve: false, comment: "not now" },
      { enqueue: async () => "x" },
    );
    const again = await request(bob, { template: "promote", parameters: { from: "staging", to: "production" } });
    await decideApproval(database.db, admin, again.run.id, { approve: false }, { enqueue: async () => "x" });
  });

  it("a freeze window refuses with its reason; an admin's override passes and is audited", async () => {
    // Requested before the freeze, approved inside it: the run stops before deploying anything.
    const early = await request(bob, { template: "promote", parameters: { from: "staging", to: "production" } });
    await createFreeze(database.db, admin, {
      environment: "production",
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      timeZone: "UTC",
      reason: "end-of-year freeze",
    });
    await decideApproval(database.db, dave, early.run.id, { approve: true }, { enqueue: early.queue.enqueue });
    await early.queue.drain();
    const stopped = await getRunView(database.db, bob, early.run.id);
    expect(stopped.status).toBe("failed");
    expect(stopped.error).toContain("production is frozen until");
    expect(dispatched).toEqual([]);
    const promote = { template: "promote" as const, parameters: { from: "staging", to: "production" } };
    await expect(request(bob, promote)).rejects.toMatchObject({
      code: "conflict:freeze",
      message: expect.stringContaining("end-of-year freeze"),
    });
    await expect(request(bob, { ...promote, overrideFreeze: "hotfix" })).rejects.toMatchObject({
      code: "forbidden:freeze",
    });
    const { run } = await request(admin, { ...promote, overrideFreeze: "payment outage hotfix" });
    expect(run.status).toBe("awaiting_approval");
    const audit = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "freeze.override"), eq(auditLog.actor, "user:root")));
    expect(audit[0].details).toMatchObject({ run: run.id, reason: "payment outage hotfix" });
    // Staging is not frozen.
    const staging = await request(bob, { template: "redeploy", parameters: { environment: "staging" } });
    expect(staging.run.status).toBe("queued");
    await staging.queue.drain();
    await decideApproval(database.db, dave, run.id, { approve: false }, { enqueue: async () => "x" });
  });

  it("refuses a promotion while the source environment is down, and bad parameters with 422", async () => {
    await queryRows(
      database.db,
      sql`update service_environments set last_probed_at = now(), last_probe_ok = false, last_probe_error = 'connection refused',
            probe_failures = 5, failing_since = now() - interval '10 minutes', url = 'https://staging.pay.test'
          where service_ref = ${SERVICE} and name = 'staging' returning name`,
    );
    await expect(
      request(bob, { template: "promote", parameters: { from: "staging", to: "qa" } }),
    ).rejects.toMatchObject({ code: "conflict:unhealthy" });
    await expect(
      request(bob, { template: "promote", parameters: { from: "staging", to: "staging" } }),
    ).rejects.toMatchObject({ code: "unprocessable:parameters" });
    await expect(request(bob, { template: "rollback", parameters: { environment: "nowhere" } })).rejects.toMatchObject({
      code: "conflict:nothing-live",
    });
    await expect(
      request(bob, { template: "promote", parameters: { from: "staging", to: "qa", version: "${{ secrets.X }}" } }),
    ).rejects.toMatchObject({ code: "unprocessable:parameters" });
  });
  it("staging needs no approval; a failed deploy workflow is recorded as a failed deployment", async () => {
    fake.onDispatch = ({ run, inputs }) => {
      dispatched.push(inputs);
      setTimeout(() => Object.assign(run, { status: "completed", conclusion: "failure" }), 50);
    };
    const { run, queue } = await request(bob, { template: "redeploy", parameters: {}, environment: "staging" });
    expect(run.status).toBe("queued");
    await queue.drain();
    expect((await getRunView(database.db, bob, run.id)).status).toBe("failed");
    const [row] = await database.db
      .select({ status: deployments.status })
      .from(deployments)
      .where(eq(deployments.externalId, `portolan-run:${run.id}`));
    expect(row.status).toBe("failure");
    expect(await live("staging")).toBe("v1.2.0");
  });
});
