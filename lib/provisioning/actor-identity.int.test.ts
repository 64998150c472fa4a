import fs from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { auditLog, provisioningRuns, selfServiceEnvironments } from "@/db/schema";
import { createRun } from "./create-run";
import { getRunView, listSelfServiceEnvironments } from "./queries";
import { cancelRun, decideApproval } from "./run-commands";
import { extendEnvironment, requestDestroy } from "./self-service-lifecycle";
import { inlineQueue, testActor } from "./testing";

const saved = { ...process.env };

// Who acted is stored in one format everywhere (actorLabel): runs, environments, the audit log.
describe.each(testDatabases())("one identity for whoever acts, on $name", (target) => {
  let database: Database;
  beforeAll(async () => {
    process.env.PORTOLAN_TEMPLATES_DIR = path.join(import.meta.dirname, "test-templates");
    database = await target.open();
  });
  afterAll(async () => {
    process.env = { ...saved };
    await database.close();
  });

  it("stores the requester, the owner and the audit actor alike, and lets only the owner or a manager act", async () => {
    const db = database.db;
    const queue = inlineQueue(database);
    const dev = testActor("dev");
    const other = testActor("other");
    const admin = testActor("root", "admin");
    const run = await createRun(db, dev, { template: "test-noop", parameters: {} }, { enqueue: queue.enqueue });
    await queue.drain();
    const [row] = await db.select().from(provisioningRuns).where(eq(provisioningRuns.id, run.id));
    const [env] = await db.select().from(selfServiceEnvironments).where(eq(selfServiceEnvironments.runId, run.id));
    expect(row.requestedBy).toBe("user:dev");
    expect(env.owner).toBe("user:dev");
    const actors = await db
      .select({ actor: auditLog.actor })
      .from(auditLog)
      .where(eq(auditLog.action, "environment.request"));
    expect(actors.map((a) => a.actor)).toContain("user:dev");

    // A token that happens to carry the person's login is not the person.
    const token = {
      kind: "token",
      id: "t1",
      name: "dev",
      role: "developer",
      scopes: ["runs:write", "catalog:read"],
    } as const;
    expect((await listSelfServiceEnvironments(db, dev)).map((e) => e.id)).toContain(env.id);
    expect((await listSelfServiceEnvironments(db, token)).map((e) => e.id)).not.toContain(env.id);
    await expect(extendEnvironment(db, token, env.id, { hours: 1 }, {})).rejects.toMatchObject({
      code: "forbidden:environment",
    });
    await expect(extendEnvironment(db, other, env.id, { hours: 1 }, {})).rejects.toMatchObject({
      code: "forbidden:environment",
    });
    expect((await getRunView(db, other, run.id)).can).toMatchObject({ cancel: false, retry: false });
    expect((await getRunView(db, admin, run.id)).can).toMatchObject({ retry: false });
    expect(await extendEnvironment(db, dev, env.id, { hours: 1 }, {})).toMatchObject({ id: env.id });
    expect(await requestDestroy(db, admin, env.id, { enqueue: queue.enqueue })).toBe("destroying");
  });

  it("never lets the requester decide their own request, admins included", async () => {
    const db = database.db;
    const queue = inlineQueue(database);
    const boss = testActor("boss", "admin");
    const run = await createRun(
      db,
      boss,
      { template: "test-guarded", parameters: { branch: "mine" } },
      { enqueue: queue.enqueue },
    );
    expect(run.status).toBe("awaiting_approval");
    await expect(decideApproval(db, boss, run.id, { approve: true }, { enqueue: queue.enqueue })).rejects.toMatchObject(
      { code: "forbidden:approval" },
    );
    const lead = testActor("lead");
    expect(await decideApproval(db, lead, run.id, { approve: false }, { enqueue: queue.enqueue })).toBe("cancelled");
    expect((await getRunView(db, boss, run.id)).approval).toMatchObject({ status: "rejected", by: "user:lead" });
    await expect(cancelRun(db, testActor("dev"), run.id, { enqueue: queue.enqueue })).rejects.toMatchObject({
      code: "forbidden:run",
    });
  });

  it("migrates what was stored before: bare logins become user:<login>", async () => {
    const db = database.db;
    const [run] = await db
      .insert(provisioningRuns)
      .values({
        templateName: "old",
        templateTitle: "Old",
        template: {},
        parameters: {},
        status: "succeeded",
        requestedBy: "user:ann",
        approvalStatus: "approved",
        approvalBy: "lead",
      })
      .returning();
    const [tokenRun] = await db
      .insert(provisioningRuns)
      .values({
        templateName: "old",
        templateTitle: "Old",
        template: {},
        parameters: {},
        status: "succeeded",
        requestedBy: "token:ci",
        approvalBy: "system:admin-token",
      })
      .returning();
    const values = { templateName: "old", status: "ready" as const, ttlSeconds: 60, maxTtlSeconds: 60 };
    const expiresAt = new Date(Date.now() + 60_000);
    await db.insert(selfServiceEnvironments).values([
      { ...values, name: "old-ann", runId: run.id, owner: "ann", expiresAt },
      { ...values, name: "old-ci", runId: tokenRun.id, owner: "token:ci", expiresAt },
    ]);
    const file = fs
      .readdirSync(path.join(process.cwd(), "db/migrations"))
      .find((f) => f.endsWith("_actor-identity.sql"));
    const migration = fs.readFileSync(path.join(process.cwd(), "db/migrations", file!), "utf8");
    for (const statement of migration.split("--> statement-breakpoint")) await db.execute(sql.raw(statement));
    const owners = await db
      .select({ name: selfServiceEnvironments.name, owner: selfServiceEnvironments.owner })
      .from(selfServiceEnvironments)
      .where(sql`${selfServiceEnvironments.name} like 'old-%'`);
    expect(Object.fromEntries(owners.map((o) => [o.name, o.owner]))).toEqual({
      "old-ann": "user:ann",
      "old-ci": "token:ci",
    });
    const approvers = await db
      .select({ id: provisioningRuns.id, by: provisioningRuns.approvalBy })
      .from(provisioningRuns)
      .where(eq(provisioningRuns.templateName, "old"));
    expect(Object.fromEntries(approvers.map((a) => [a.id, a.by]))).toEqual({
      [run.id]: "user:lead",
      [tokenRun.id]: "system:admin-token",
    });
  });
});
