// Test helpers: catalog components whose previews run the demo's real repository.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Database } from "@/db/client";
import type { Actor } from "@/lib/access/permissions";
import { importDescriptors } from "@/lib/catalog/import-descriptors";
import { testDatabases } from "@/db/testing";
import { busyboxRepository } from "@/lib/previews/testing";
import { createRun } from "@/lib/provisioning/create-run";
import { getRunView } from "@/lib/provisioning/queries";
import { inlineQueue, removePreviewsDir, testActor } from "@/lib/provisioning/testing";
import { ensureDemoRepository } from "./demo-repository";

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
    await removePreviewsDir(previews);
  };
  return { database, owner, previews, start, close };
}
