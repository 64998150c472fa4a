// Health probes go through the egress policy: a deployment that names a loopback, private or
// metadata URL gets the refusal as its reason and no status or latency (nothing was reached); an
// allowlisted one, the portal itself, and a preview's own local port are probed.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Database } from "@/db/client";
import { provisioningRuns, provisioningSteps, selfServiceEnvironments } from "@/db/schema";
import { testDatabases } from "@/db/testing";
import type { Actor } from "@/lib/access/permissions";
import { importDescriptors } from "@/lib/catalog/import-descriptors";
import { listServiceEnvironments } from "@/lib/delivery/service-environments";
import { recordDeployment } from "@/lib/delivery/record-deployment";
import { runHealthProbes } from "./run-health-probes";

const admin: Actor = { kind: "system", name: "test", role: "admin" };
const developer: Actor = {
  kind: "token",
  id: "00000000-0000-4000-8000-000000000001",
  name: "ci",
  role: "developer",
  scopes: ["catalog:read", "catalog:write", "deployments:write", "runs:write"],
};
const CATALOG = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: probed-egress }
spec: { type: service, lifecycle: production, owner: team-a }
`;

describe.each(testDatabases())("health probes and the egress policy on $name", (target) => {
  let database: Database;
  let server: http.Server;
  let port: number;
  let connections = 0;
  const config = { intervalSeconds: 60, timeoutMs: 2000, concurrency: 4, expectedStatus: "2xx", slowMs: 2000 };
  const saved = { ...process.env };

  beforeAll(async () => {
    delete process.env.PORTOLAN_EGRESS_ALLOW;
    process.env.NEXTAUTH_URL = "https://portal.example.test";
    delete process.env.PORTOLAN_PUBLIC_URL;
    server = http.createServer((_req, res) => res.end("internal"));
    server.on("connection", () => connections++);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
    database = await target.open();
    await importDescriptors(database.db, admin, {
      location: { id: "egress", type: "api", target: "egress" },
      text: CATALOG,
      source: "c.yaml",
    });
  });
  afterAll(async () => {
    process.env = { ...saved };
    await new Promise((r) => server.close(r));
    await database?.close();
  });

  const probes = () =>
    queryRows<{
      environment: string;
      is_ok: boolean;
      status_code: number | null;
      latency_ms: number | null;
      error: string | null;
    }>(
      database.db,
      sql`select environment, is_ok, status_code, latency_ms, error from health_probes where service_ref = 'component:default/probed-egress' order by probed_at desc, environment`,
    );

  it("refuses loopback, a name resolving to it, private and metadata URLs a developer names; the reason is what viewers see", async () => {
    const urls: [string, string, string][] = [
      [
        "loopback",
        `http://127.0.0.1:${port}/health`,
        `127.0.0.1 is loopback; an admin can allow it with PORTOLAN_EGRESS_ALLOW=127.0.0.1:${port}`,
      ],
      ["by-name", `http://localhost:${port}/health`, `localhost resolves to`],
      ["mapped", `http://[::ffff:7f00:1]:${port}/health`, "::ffff:7f00:1 is loopback"],
      ["private", "http://10.0.0.7/health", "10.0.0.7 is a private address (RFC 1918)"],
      ["metadata", "http://169.254.169.254/latest/meta-data/", "169.254.169.254 is the cloud metadata service"],
      ["cgnat", "http://100.64.0.1/", "100.64.0.1 is carrier-grade NAT space"],
    ];
    for (const [name, url] of urls)
      await recordDeployment(database.db, developer, {
        id: `e-${name}`,
        service: "probed-egress",
        environment: name,
        ref: "v1",
        status: "success",
        healthUrl: url,
      });
    const round = await runHealthProbes(database.db, config);
    expect(round).toMatchObject({ probed: urls.length, failed: urls.length });
    expect(connections).toBe(0);
    const stored = Object.fromEntries((await probes()).map((p) => [p.environment, p]));
    for (const [name, , reason] of urls) {
      expect(stored[name], name).toMatchObject({ is_ok: false, status_code: null, latency_ms: null });
      expect(stored[name].error, name).toMatch(/^refused by the egress policy: /);
      expect(stored[name].error, name).toContain(reason);
    }
    const health = Object.fromEntries(
      (await listServiceEnvironments(database.db, "component:default/probed-egress")).map((e) => [e.name, e.health]),
    );
    expect(health.loopback.reason).toContain("refused by the egress policy: 127.0.0.1 is loopback");
  });

  it("probes an allowlisted address, and the portal's own URL", async () => {
    process.env.PORTOLAN_EGRESS_ALLOW = `127.0.0.1:${port}`;
    await database.db.execute(sql`update service_environments set last_probed_at = null`);
    await runHealthProbes(database.db, config);
    const latest = (await probes()).filter((p) => p.environment === "loopback")[0];
    expect(latest).toMatchObject({ is_ok: true, status_code: 200 });
    expect(connections).toBeGreaterThan(0);

    delete process.env.PORTOLAN_EGRESS_ALLOW;
    process.env.NEXTAUTH_URL = `http://localhost:${port}`;
    await database.db.execute(sql`update service_environments set last_probed_at = null`);
    await runHealthProbes(database.db, config);
    const rows = await probes();
    expect(rows.find((p) => p.environment === "by-name")).toMatchObject({ is_ok: true, status_code: 200 });
    // The portal's own host and port only: the same address on that port by IP is still refused.
    expect(rows.find((p) => p.environment === "loopback")).toMatchObject({ is_ok: false, status_code: null });
    process.env.NEXTAUTH_URL = "https://portal.example.test";
  });

  it("a ready preview may be probed on the loopback port its own local:process step started, and no other", async () => {
    const [run] = await database.db
      .insert(provisioningRuns)
      .values({
        templateName: "t",
        templateTitle: "t",
        template: {},
        parameters: {},
        status: "succeeded",
        requestedBy: "user:dev",
      })
      .returning({ id: provisioningRuns.id });
    const env = async (name: string, url: string, runId: string) =>
      (
        await database.db
          .insert(selfServiceEnvironments)
          .values({
            name,
            runId,
            templateName: "t",
            owner: "user:dev",
            status: "ready",
            url,
            healthUrl: url,
            ttlSeconds: 3600,
            maxTtlSeconds: 7200,
            expiresAt: new Date(Date.now() + 3600_000),
          })
          .returning({ id: selfServiceEnvironments.id })
      )[0].id;
    const own = await env("own", `http://localhost:${port}/health`, run.id);
    await database.db.insert(provisioningSteps).values({
      runId: run.id,
      phase: "provision",
      position: 0,
      stepId: "server",
      name: "server",
      action: "local:process",
      status: "succeeded",
      resources: { pid: 1, port },
    });
    const [other] = await database.db
      .insert(provisioningRuns)
      .values({
        templateName: "t",
        templateTitle: "t",
        template: {},
        parameters: {},
        status: "succeeded",
        requestedBy: "user:dev",
      })
      .returning({ id: provisioningRuns.id });
    const stranger = await env("stranger", `http://localhost:${port}/health`, other.id);
    await database.db.insert(provisioningSteps).values({
      runId: other.id,
      phase: "provision",
      position: 0,
      stepId: "server",
      name: "server",
      action: "local:process",
      status: "succeeded",
      resources: { pid: 1, port: port + 1 },
    });

    await runHealthProbes(database.db, config);
    const rows = await queryRows<{ id: string; last_probe_ok: boolean; last_probe_error: string | null }>(
      database.db,
      sql`select id, last_probe_ok, last_probe_error from self_service_environments`,
    );
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId[own]).toMatchObject({ last_probe_ok: true, last_probe_error: null });
    expect(byId[stranger].last_probe_ok).toBe(false);
    expect(byId[stranger].last_probe_error).toMatch(/^refused by the egress policy: localhost resolves to/);
  });
});
