import http from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import type { Actor } from "@/lib/access/permissions";
import { importDescriptors } from "@/lib/catalog/import-descriptors";
import { listServiceEnvironments } from "@/lib/delivery/service-environments";
import { recordDeployment } from "@/lib/delivery/record-deployment";
import { healthHistories } from "./health-queries";
import { runHealthProbes } from "./run-health-probes";

const admin: Actor = { kind: "system", name: "test", role: "admin" };
const CATALOG = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: probed }
spec: { type: service, lifecycle: production, owner: team-a }
`;

/** Real local endpoints: up, slow (past the timeout), failing (500), and a port nothing listens on. */
async function startEndpoints() {
  let inFlight = 0;
  let maxInFlight = 0;
  const server = http.createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const done = (status: number) => {
      inFlight--;
      res.writeHead(status).end(status === 200 ? "ok" : "broken");
    };
    // Slow: answers long after the probe gave up (a generous timeout keeps the other endpoints
    // inside it on a loaded machine).
    if (req.url === "/slow") setTimeout(() => done(200), 30_000);
    else if (req.url === "/fail") done(500);
    else setTimeout(() => done(200), 50);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const refusedPort = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    refused: `http://127.0.0.1:${refusedPort}/health`,
    maxInFlight: () => maxInFlight,
    close: () => new Promise((r) => (server.close(r), server.closeAllConnections())),
  };
}

describe.each(testDatabases())("health probes on $name", (target) => {
  let database: Database;
  let endpoints: Awaited<ReturnType<typeof startEndpoints>>;
  const config = { intervalSeconds: 60, timeoutMs: 5000, concurrency: 2, expectedStatus: "2xx", slowMs: 10_000 };

  const savedAllow = process.env.PORTOLAN_EGRESS_ALLOW;
  beforeAll(async () => {
    // The endpoints are on loopback, which the egress policy refuses unless an admin allows it.
    process.env.PORTOLAN_EGRESS_ALLOW = "127.0.0.0/8";
    database = await target.open();
    endpoints = await startEndpoints();
    await importDescriptors(database.db, admin, {
      location: { id: "t", type: "api", target: "t" },
      text: CATALOG,
      source: "c.yaml",
    });
    const envs: [string, string][] = [
      ["production", `${endpoints.base}/up`],
      ["staging", `${endpoints.base}/slow`],
      ["qa", `${endpoints.base}/fail`],
      ["preview-1", endpoints.refused],
      // Same URL as production: probed once per round, never twice at once.
      ["preview-2", `${endpoints.base}/up`],
    ];
    for (const [name, url] of envs) {
      await recordDeployment(database.db, admin, {
        id: `d-${name}`,
        service: "probed",
        environment: name,
        ref: "v1",
        status: "success",
        healthUrl: url,
      });
    }
  });
  afterAll(async () => {
    if (savedAllow === undefined) delete process.env.PORTOLAN_EGRESS_ALLOW;
    else process.env.PORTOLAN_EGRESS_ALLOW = savedAllow;
    await endpoints?.close();
    await database?.close();
  });

  const healthOf = async () =>
    Object.fromEntries(
      (await listServiceEnvironments(database.db, "component:default/probed")).map((e) => [e.name, e.health]),
    );

  it("stores each probe and derives healthy, degraded and down with the reason", async () => {
    const first = await runHealthProbes(database.db, config);
    expect(first).toMatchObject({ urls: 4, probed: 4, failed: 3 });
    // First results are a change of state: the service's scorecards (health.* facts) are refreshed.
    expect(first.changedServices).toEqual(["component:default/probed"]);
    expect(endpoints.maxInFlight()).toBeLessThanOrEqual(2); // bounded: 2 at a time
    const probes = await queryRows<{
      environment: string;
      is_ok: boolean;
      status_code: number | null;
      error: string | null;
    }>(database.db, sql`select environment, is_ok, status_code, error from health_probes order by environment`);
    expect(probes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ environment: "production", is_ok: true, status_code: 200 }),
        expect.objectContaining({ environment: "qa", is_ok: false, status_code: 500, error: "HTTP 500" }),
        expect.objectContaining({ environment: "staging", is_ok: false, error: "timed out after 5 s" }),
        expect.objectContaining({ environment: "preview-1", is_ok: false, error: "connection refused" }),
      ]),
    );
    let health = await healthOf();
    expect(health.production.state).toBe("healthy");
    expect(health.qa).toMatchObject({
      state: "degraded",
      reason: expect.stringMatching(/^1 failed probe since \d\d:\d\d: HTTP 500$/),
    });

    // Not due again within the interval; due after it.
    expect((await runHealthProbes(database.db, config)).urls).toBe(0);
    for (let i = 0; i < 2; i++) {
      await database.db.execute(sql`update service_environments set last_probed_at = now() - interval '2 minutes'`);
      // Still failing, still healthy: no state changed, no refresh asked for.
      expect((await runHealthProbes(database.db, config)).changedServices).toEqual([]);
    }
    health = await healthOf();
    expect(health["preview-1"]).toMatchObject({
      state: "down",
      reason: expect.stringMatching(/^3 failed probes since \d\d:\d\d: connection refused$/),
    });
    expect(health.production.state).toBe("healthy");
    expect(health["preview-2"].state).toBe("healthy");

    const [history, qa, none] = await healthHistories(database.db, "component:default/probed", [
      "production",
      "qa",
      "nowhere",
    ]);
    expect(history.uptime24h).toBe(100);
    expect(history.latency).toHaveLength(3);
    expect(history.latency.map((p) => p.at)).toEqual(history.latency.map((p) => p.at).sort());
    expect(qa.uptime7d).toBe(0);
    expect(none).toEqual({ uptime24h: null, uptime7d: null, latency: [] });

    // A recovery (production was last seen failing, now answers 200) is a change too.
    await database.db.execute(
      sql`update service_environments set last_probe_ok = false, last_probed_at = now() - interval '2 minutes' where name = 'production'`,
    );
    expect((await runHealthProbes(database.db, config)).changedServices).toEqual(["component:default/probed"]);
  });

  it("skips a URL another worker is probing right now", async () => {
    await database.db.execute(sql`update service_environments set last_probed_at = null`);
    await database.db.execute(
      sql`insert into health_probe_leases (url, leased_until) values (${`${endpoints.base}/up`}, now() + interval '1 minute')`,
    );
    const round = await runHealthProbes(database.db, config);
    expect(round).toMatchObject({ urls: 4, probed: 3, skipped: 1 });
  });
});
