import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { deployments } from "@/db/schema";
import { testDatabases } from "@/db/testing";
import type { Actor } from "@/lib/access/permissions";
import { importDescriptors } from "@/lib/catalog/import-descriptors";
import { recordDeployment } from "@/lib/delivery/record-deployment";
import { getRunView } from "@/lib/provisioning/queries";
import { inlineQueue, testActor } from "@/lib/provisioning/testing";
import { createActionRun } from "./create-action-run";

const system: Actor = { kind: "system", name: "test", role: "admin" };
const KEY = "deploy-signing-key-for-tests";
const saved = { ...process.env };

describe.each(testDatabases())("the deploy-url deployer on $name", (target) => {
  let database: Database;
  let receiver: http.Server;
  const received: { body: string; signature: string | undefined }[] = [];

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        received.push({ body, signature: req.headers["x-portolan-signature"] as string | undefined });
        res.writeHead(202).end("{}");
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const port = (receiver.address() as AddressInfo).port;
    Object.assign(process.env, { PORTOLAN_EGRESS_ALLOW: `127.0.0.1:${port}`, PORTOLAN_SECRET_DEPLOY_SIGNING: KEY });
    database = await target.open();
    await importDescriptors(database.db, system, {
      location: { id: "deploy-url", type: "api", target: "deploy-url" },
      text: `apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: ledger, annotations: { portolan.dev/deploy-url: "http://127.0.0.1:${port}/deploy" } }
spec: { type: service, lifecycle: production, owner: group:default/ledger-team }
`,
      source: "c.yaml",
    });
    await recordDeployment(database.db, system, {
      id: "l1",
      service: "ledger",
      environment: "staging",
      version: "v3.1.0",
      status: "success",
    });
  });
  afterAll(async () => {
    process.env = { ...saved };
    await new Promise((resolve) => receiver.close(resolve));
    await database.close();
  });

  it("calls the endpoint with a signed { service, environment, version } and records the deployment", async () => {
    const dev = testActor("dev");
    const queue = inlineQueue(database);
    const run = await createActionRun(
      database.db,
      dev,
      { template: "redeploy", parameters: { environment: "staging" }, entity: "ledger" },
      { enqueue: queue.enqueue },
    );
    await queue.drain();
    const view = await getRunView(database.db, dev, run.id);
    expect(view.error).toBeNull();
    expect(view.status).toBe("succeeded");
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0].body)).toEqual({
      service: "component:default/ledger",
      environment: "staging",
      version: "v3.1.0",
    });
    expect(received[0].signature).toBe(`sha256=${createHmac("sha256", KEY).update(received[0].body).digest("hex")}`);
    const [row] = await database.db
      .select({ status: deployments.status })
      .from(deployments)
      .where(eq(deployments.externalId, `portolan-run:${run.id}`));
    expect(row.status).toBe("success");
  });

  it("refuses with 409 when the installation has no signing key", async () => {
    await expect(
      createActionRun(
        database.db,
        testActor("dev"),
        { template: "redeploy", parameters: { environment: "staging" }, entity: "ledger" },
        { enqueue: async () => "x", env: {} as NodeJS.ProcessEnv },
      ),
    ).rejects.toMatchObject({ code: "conflict:deployer" });
  });
});
