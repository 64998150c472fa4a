import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { githubSyncRuns, provisioningRuns } from "@/db/schema";
import { importEntities } from "@/lib/catalog/import-entities";
import { parseDescriptors } from "@/lib/catalog/parse-descriptors";
import { startWorker } from "@/lib/jobs/queue";
import { createRun } from "@/lib/provisioning/create-run";
import { PROVISIONING_JOBS } from "@/lib/provisioning/jobs";
import { testActor } from "@/lib/provisioning/testing";
import { needsAttention } from "./attention";
import { toPrometheus } from "./prometheus";
import { collectMetrics } from "./snapshot";

const DESCRIPTORS = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: metered }
spec: { type: service, lifecycle: production, owner: team-a }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-a }
spec: { type: team, children: [] }
---
kind: Component
metadata: { name: broken }
`;

describe.each(testDatabases())("the metrics snapshot on $name", (target) => {
  let database: Database;
  const saved = process.env.PORTOLAN_TEMPLATES_DIR;
  beforeAll(async () => {
    process.env.PORTOLAN_TEMPLATES_DIR = path.join(import.meta.dirname, "../provisioning/test-templates");
    database = await target.open();
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.PORTOLAN_TEMPLATES_DIR;
    else process.env.PORTOLAN_TEMPLATES_DIR = saved;
    await database.close();
  });

  it("counts what is in the database, and says what needs attention", async () => {
    const empty = await collectMetrics(database.db);
    expect(empty).toMatchObject({
      jobs: [],
      catalog: { entitiesByKind: {}, locationsWithErrors: 0 },
      runs: { byStatus: {}, stuck: 0, finishedLastDay: 0, durationP95Seconds: null },
    });

    await importEntities(
      database.db,
      { id: "metrics-test", type: "api", target: "test" },
      parseDescriptors(DESCRIPTORS, "test").documents,
      { actor: { kind: "system", name: "test", role: "admin" }, source: "api" },
    );
    // A queue that only sends: the run's job waits, as it would with no worker running.
    const queue = await startWorker(database, { jobs: PROVISIONING_JOBS, work: false });
    try {
      const { id } = await createRun(
        database.db,
        testActor("dev"),
        { template: "test-noop", parameters: {} },
        { enqueue: queue.enqueue },
      );
      const stuck = await createRun(
        database.db,
        testActor("dev2"),
        { template: "test-noop", parameters: {} },
        { enqueue: queue.enqueue },
      );
      await database.db
        .update(provisioningRuns)
        .set({
          status: "succeeded",
          startedAt: new Date(),
          firstStepAt: new Date(Date.now() + 50),
          finishedAt: new Date(Date.now() + 200),
        })
        .where(eq(provisioningRuns.id, id));
      await database.db
        .update(provisioningRuns)
        .set({ status: "running", workerId: "gone", heartbeatAt: new Date(Date.now() - 3600_000) })
        .where(eq(provisioningRuns.id, stuck.id));
      await database.db
        .insert(githubSyncRuns)
        .values({ org: "acme", trigger: "test", status: "failed", rateLimitRemaining: 12 });

      const snapshot = await collectMetrics(database.db);
      expect(snapshot.catalog).toEqual({ entitiesByKind: { component: 1, group: 1 }, locationsWithErrors: 1 });
      // Every registered queue, with or without jobs.
      expect(snapshot.jobs.map((j) => j.queue)).toEqual(PROVISIONING_JOBS.map((j) => j.name).sort());
      expect(snapshot.jobs.find((j) => j.queue === "provisioning-run")).toMatchObject({
        waiting: 2,
        active: 0,
        failed: 0,
      });
      expect(snapshot.jobs.find((j) => j.queue === "environment-destroy")).toMatchObject({
        waiting: 0,
        oldestWaitingSeconds: null,
      });
      expect(snapshot.runs).toMatchObject({ byStatus: { succeeded: 1, running: 1 }, stuck: 1, finishedLastDay: 1 });
      expect(snapshot.runs.durationP95Seconds).toBeGreaterThan(0);
      expect(snapshot.environments.byStatus).toEqual({ requested: 2 });
      expect(snapshot.github).toEqual([
        { org: "acme", lastStatus: "failed", lastSuccessAt: null, lastSuccessAgeSeconds: null, rateLimitRemaining: 12 },
      ]);

      expect(toPrometheus(snapshot)).toContain('portolan_jobs{queue="provisioning-run",state="waiting"} 2\n');
      expect(needsAttention(snapshot, { syncCron: "*/15 * * * *" }).map((a) => a.area)).toEqual([
        "runs",
        "github",
        "github",
        "catalog",
      ]);
    } finally {
      await queue.stop();
    }
  });
});
