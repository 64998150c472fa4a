import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import type { Actor } from "@/lib/access/permissions";
import { importDescriptors } from "@/lib/catalog/import-descriptors";
import { recordDeployment } from "@/lib/delivery/record-deployment";
import { listServiceEnvironments } from "@/lib/delivery/service-environments";
import { startWorker, type Queue } from "@/lib/jobs/queue";
import { environmentProbeJob, requestEnvironmentProbe } from "./jobs";

const admin: Actor = { kind: "system", name: "test", role: "admin" };
const CATALOG = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: fresh }
spec: { type: service, lifecycle: production, owner: team-a }
`;

async function waitFor<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.each(testDatabases())("a deployment's environment is probed at once on $name", (target) => {
  let database: Database;
  let queue: Queue;
  let status = 200;
  const server = http.createServer((_req, res) => res.writeHead(status).end("health"));
  const savedAllow = process.env.PORTOLAN_EGRESS_ALLOW;

  beforeAll(async () => {
    // The endpoint is on loopback, which the egress policy refuses unless an admin allows it.
    process.env.PORTOLAN_EGRESS_ALLOW = "127.0.0.0/8";
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    database = await target.open();
    await importDescriptors(database.db, admin, {
      location: { id: "t", type: "api", target: "t" },
      text: CATALOG,
      source: "c.yaml",
    });
    // Only the on-demand job: no scheduled round could be the one that probed.
    queue = await startWorker(database, { jobs: [environmentProbeJob] });
  });
  afterAll(async () => {
    await queue?.stop();
    await database?.close();
    await new Promise((resolve) => server.close(resolve));
    process.env.PORTOLAN_EGRESS_ALLOW = savedAllow;
  });

  const production = async () =>
    (await listServiceEnvironments(database.db, "component:default/fresh")).find((e) => e.name === "production");

  it("probes the environment a deployment was recorded in, and again after the next one", async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
    const deploy = async (id: string) => {
      const { deployment } = await recordDeployment(database.db, admin, {
        id,
        service: "fresh",
        environment: "production",
        status: "success",
        version: id,
        url,
      });
      await requestEnvironmentProbe(queue.enqueue, {
        serviceRef: deployment.service,
        environment: deployment.environment,
      });
    };
    await deploy("d-1");
    const up = await waitFor(production, (e) => e?.health.state === "healthy", "the first probe");
    expect(up?.health.state).toBe("healthy");

    // The service breaks with the next deployment: its health follows, with no scheduled round running.
    status = 500;
    await deploy("d-2");
    const down = await waitFor(
      production,
      (e) => e?.health.state !== "healthy",
      "the probe after the second deployment",
    );
    expect(down?.health.state).toMatch(/down|degraded/);
  });
});
