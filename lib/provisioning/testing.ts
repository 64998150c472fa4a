// Test helpers: an in-memory stand-in for the queue that runs jobs when drained, actors, and catalog
// components whose previews run the demo's real repository.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { importDescriptors } from "@/lib/catalog/import-descriptors";
import { ensureDemoRepository } from "@/lib/demo/demo-repository";
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
      await (job.handle as (p: unknown, c: unknown) => Promise<unknown>)(job.schema.parse(payload), {
        database,
        jobId: randomUUID(),
        enqueue,
      });
      // provisioning-run starts the run in the background; wait for it like a worker would.
      await processRunPool().idle();
    }
  };
  return { enqueue, drain, sent, pending };
}

let demoRepository: Promise<string> | null = null;

/** The demo's payments repository, made once per test process in a temporary directory. */
export function testDemoRepository(): Promise<string> {
  demoRepository ??= ensureDemoRepository(fs.mkdtempSync(path.join(os.tmpdir(), "portolan-demo-repo-")));
  return demoRepository;
}

/**
 * Imports Components (as the system, so from a trusted location) whose repository is `gitUrl` (default:
 * the demo's payments repository), with the demo's start command, seed file and health path.
 */
export async function importPreviewComponents(
  database: Database,
  names: string[],
  options: { gitUrl?: string; annotations?: Record<string, string>; location?: string } = {},
) {
  const gitUrl = options.gitUrl ?? pathToFileURL(await testDemoRepository()).href;
  const text = names
    .map((name) =>
      JSON.stringify({
        apiVersion: "backstage.io/v1alpha1",
        kind: "Component",
        metadata: {
          name,
          annotations: {
            "portolan.dev/git-url": gitUrl,
            "portolan.dev/preview-command": "node server.mjs",
            "portolan.dev/database-seed": "seed.sql",
            "portolan.dev/health-path": "/health",
            ...options.annotations,
          },
        },
        spec: { type: "service", lifecycle: "experimental", owner: "group:default/payments" },
      }),
    )
    .join("\n---\n");
  const system: Actor = { kind: "system", name: "seed", role: "admin" };
  await importDescriptors(database.db, system, {
    location: { id: options.location ?? `test:previews-${randomUUID()}`, type: "seed", target: "test" },
    text,
    source: "test",
  });
}
