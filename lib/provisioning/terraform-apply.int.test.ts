// terraform:apply with the real Terraform binary and only built-in resources (no provider can be
// downloaded here): state in the portal's PostgreSQL (pg backend) or, on the embedded database, a file.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { createRun } from "./create-run";
import { getRunView, listRunEvents } from "./queries";
import { requestDestroy } from "./self-service-lifecycle";
import { inlineQueue, testActor } from "./testing";

vi.setConfig({ testTimeout: 120_000 });
const hasTerraform = spawnSync("terraform", ["version"]).status === 0;
if (!hasTerraform && process.env.PORTOLAN_REQUIRE_CONTAINERS === "true")
  throw new Error("PORTOLAN_REQUIRE_CONTAINERS=true, but terraform is not on PATH");

const TEMPLATE = `
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: { name: tf-preview }
spec:
  type: environment
  parameters:
    - properties:
        branch: { type: string }
  steps:
    - id: infra
      action: terraform:apply
      input:
        module: tf-preview/module
        variables: { branch: "\${{ parameters.branch }}", marker: "\${{ run.id }}" }
  environment:
    name: tf-\${{ parameters.branch | slug }}
    url: "\${{ steps.infra.output.url }}"
`;

const MODULE = `
variable "branch" { type = string }
variable "marker" { type = string }
resource "terraform_data" "preview" {
  input = var.branch
  provisioner "local-exec" {
    command = "echo created preview for \${var.branch}"
  }
}
output "url" { value = "https://\${var.branch}.previews.example" }
output "secret" {
  value     = "do-not-store-\${var.marker}"
  sensitive = true
}
`;

async function workspaces(): Promise<string[]> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const exists = await client.query("select to_regclass('portolan_terraform.states') as t");
    if (!exists.rows[0].t) return [];
    return (await client.query("select name from portolan_terraform.states where name like 'pv-%'")).rows.map(
      (r) => r.name,
    );
  } finally {
    await client.end();
  }
}

describe.skipIf(!hasTerraform).each(testDatabases())("terraform:apply on $name", (target) => {
  let database: Database;
  const prior = { ...process.env };
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "portolan-tf-"));
  const dev = testActor("tf-dev");
  beforeAll(async () => {
    fs.mkdirSync(path.join(root, "templates", "tf-preview", "module"), { recursive: true });
    fs.writeFileSync(path.join(root, "templates", "tf-preview", "template.yaml"), TEMPLATE);
    fs.writeFileSync(path.join(root, "templates", "tf-preview", "module", "main.tf"), MODULE);
    process.env.PORTOLAN_TEMPLATES_DIR = path.join(root, "templates");
    process.env.PORTOLAN_PREVIEWS_DIR = path.join(root, "previews");
    database = await target.open();
  });
  afterAll(async () => {
    process.env = prior;
    await database.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("applies a module in a workspace of the environment's own, outputs become step outputs, destroy leaves no workspace", async () => {
    const queue = inlineQueue(database);
    const run = await createRun(
      database.db,
      dev,
      { template: "tf-preview", parameters: { branch: "feature-x" } },
      { enqueue: queue.enqueue },
    );
    await queue.drain();
    const view = await getRunView(database.db, dev, run.id);
    const log = (await listRunEvents(database.db, dev, run.id)).map((e) => e.message).join("\n");
    expect(view.status, log).toBe("succeeded");
    expect(view.steps[0].output).toEqual({ url: "https://feature-x.previews.example" });
    expect(view.environment?.url).toBe("https://feature-x.previews.example");
    // plan and apply were streamed into the run log; the sensitive output was not kept.
    expect(log).toContain("created preview for feature-x");
    expect(log).toMatch(/Apply complete! Resources: 1 added/);
    expect(JSON.stringify(view)).not.toContain("do-not-store");
    if (target.name === "postgres") expect(await workspaces()).toHaveLength(1);

    await requestDestroy(database.db, dev, run.environmentId, { enqueue: queue.enqueue });
    await queue.drain();
    const after = (await listRunEvents(database.db, dev, run.id)).map((e) => e.message).join("\n");
    expect(after).toMatch(/Destroy complete! Resources: 1 destroyed/);
    expect((await getRunView(database.db, dev, run.id)).environment?.status).toBe("destroyed");
    if (target.name === "postgres") expect(await workspaces()).toEqual([]);
    expect(fs.readdirSync(path.join(root, "previews", "tf"))).toEqual([]);
  });

  it("a missing terraform binary is a clear step error", async () => {
    process.env.PORTOLAN_TERRAFORM_BIN = path.join(root, "no-terraform-here");
    try {
      const queue = inlineQueue(database);
      const run = await createRun(
        database.db,
        dev,
        { template: "tf-preview", parameters: { branch: "nobin" } },
        { enqueue: queue.enqueue },
      );
      await queue.drain();
      const view = await getRunView(database.db, dev, run.id);
      expect(view.status).toBe("failed");
      expect(view.steps[0].error).toMatch(/terraform is not installed on this worker/);
    } finally {
      delete process.env.PORTOLAN_TERRAFORM_BIN;
    }
  });
});
