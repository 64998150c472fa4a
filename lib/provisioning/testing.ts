// Test helpers: an in-memory stand-in for the queue that runs jobs when drained, actors, and a
// container-preview fixture.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { testDatabases } from "@/db/testing";
import { importPreviewComponents } from "@/lib/demo/testing";
import { traceJob } from "@/lib/observability/request";
import { busyboxRepository } from "@/lib/previews/testing";
import { createRun } from "./create-run";
import { getRunView } from "./queries";
import type { Database } from "@/db/client";
import type { Actor } from "@/lib/access/permissions";
import { PROVISIONING_JOBS } from "./jobs";
import { processRunPool } from "./run-pool";
import type { Enqueue } from "@/lib/jobs/define-job";

export function testActor(login: string, role: "viewer" | "developer" | "admin" = "developer"): Actor {
  return { kind: "user", id: randomUUID(), login, name: login, role };
}

export function inlineQueue(database: Database) {
  const pending: { name: string; payload: unknown }[] = [];
  const sent: { name: string; payload: unknown }[] = [];
  const enqueue: Enqueue = async (name, payload) => {
    pending.push({ name, payload });
    sent.push({ name, payload });
    return randomUUID();
  };
  /** Runs queued jobs (and the jobs they send) until none is left. */
  const drain = async () => {
    while (pending.length) {
      const { name, payload } = pending.shift()!;
      const job = PROVISIONING_JOBS.find((j) => j.name === name);
      if (!job) throw new Error(`unknown job ${name}`);
      const jobId = randomUUID();
      await traceJob(name, jobId, () =>
        (job.handle as (p: unknown, c: unknown) => Promise<unknown>)(job.schema.parse(payload), {
          database,
          jobId,
          enqueue,
        }),
      );
      // provisioning-run starts the run in the background; wait for it like a worker would.
      await processRunPool().idle();
    }
  };
  return { enqueue, drain, sent, pending };
}

/**
 * A container-preview fixture: the embedded database with `static-site`, a FROM-scratch repository
 * whose branches serve these pages, and previews under a temporary PORTOLAN_PREVIEWS_DIR.
 * `start` requests one of its branches and runs it to the end; `close` puts everything back.
 */
export async function staticSitePreviews(pages: Record<string, string>) {
  const prior = { ...process.env };
  const previews = fs.mkdtempSync(path.join(os.tmpdir(), "portolan-previews-"));
  process.env.PORTOLAN_PREVIEWS_DIR = previews;
  const database = await testDatabases()[0].open();
  await importPreviewComponents(database, ["static-site"], {
    gitUrl: await busyboxRepository(pages),
    annotations: {
      "portolan.dev/preview-command": "",
      "portolan.dev/database-seed": "",
      "portolan.dev/health-path": "/",
    },
  });
  const owner = testActor("container-dev");
  const start = async (branch: string, template = "container-preview") => {
    const queue = inlineQueue(database);
    const run = await createRun(
      database.db,
      owner,
      { template, parameters: { component: "component:default/static-site", branch } },
      { enqueue: queue.enqueue },
    );
    await queue.drain();
    return { run, queue, view: await getRunView(database.db, owner, run.id) };
  };
  const close = async () => {
    process.env = prior;
    await database.close();
    fs.rmSync(previews, { recursive: true, force: true });
  };
  return { database, owner, previews, start, close };
}
