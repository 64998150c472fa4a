import { createHmac, timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { provisioningEvents, provisioningRuns } from "@/db/schema";
import { testDatabases } from "@/db/testing";
import { AppError, statusOf } from "@/lib/errors";
import { receiveCallback } from "../callbacks";
import { createRun } from "../create-run";
import { getRunView } from "../queries";
import { inlineQueue, testActor } from "../testing";

const SERVER_SECRET = "provisioner-signing-key";

const TEMPLATE = `
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: { name: test-http }
spec:
  type: environment
  parameters:
    properties:
      branch: { type: string, default: main }
      port: { type: integer }
      wait: { type: boolean, default: false }
      callbackTimeout: { type: integer, default: 20 }
  steps:
    - id: call
      action: http:request
      input:
        url: "http://127.0.0.1:\${{ parameters.port }}/environments"
        headers: { X-Team: platform }
        body: { branch: "\${{ parameters.branch }}", run: "\${{ run.id }}" }
        secret: "\${{ secrets.PROVISIONER }}"
        waitForCallback: "\${{ parameters.wait }}"
        callbackTimeoutSeconds: "\${{ parameters.callbackTimeout }}"
        pollIntervalMs: 50
        output: { url: /url, ready: /ready, accepted: /accepted }
  environment:
    url: "\${{ steps.call.output.url }}"
`;

type Received = { body: string; headers: http.IncomingHttpHeaders; verified: boolean };

/** An internal provisioning API: checks the signature the way a receiver must (HMAC of the raw body, constant time). */
function startProvisioner() {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      const expected = Buffer.from(`sha256=${createHmac("sha256", SERVER_SECRET).update(body).digest("hex")}`);
      const given = Buffer.from(String(req.headers["x-portolan-signature"] ?? ""));
      const verified = expected.length === given.length && timingSafeEqual(expected, given);
      received.push({ body, headers: req.headers, verified });
      res.setHeader("content-type", "application/json");
      if (!verified) {
        res.statusCode = 401;
        res.end(JSON.stringify({ error: "bad signature" }));
        return;
      }
      res.statusCode = 202;
      // Besides what the template asks for, the API answers with things nobody should get to read.
      res.end(
        JSON.stringify({
          accepted: true,
          url: `http://preview.internal/${JSON.parse(body).branch}`,
          internal: { dbPassword: "hunter2", notes: "x".repeat(50_000) },
        }),
      );
    });
  });
  return new Promise<{ port: number; received: Received[]; close: () => Promise<void> }>((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        received,
        close: () => new Promise((r) => server.close(() => r())),
      }),
    ),
  );
}

async function until(check: () => boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

const saved = { ...process.env };

describe.each(testDatabases())("http:request on $name", (target) => {
  let database: Database;
  let provisioner: Awaited<ReturnType<typeof startProvisioner>>;
  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portolan-http-"));
    fs.writeFileSync(path.join(dir, "http.yaml"), TEMPLATE);
    process.env.PORTOLAN_TEMPLATES_DIR = dir;
    database = await target.open();
    provisioner = await startProvisioner();
    // The provisioning API is on loopback: allowed precisely, as an admin would.
    process.env.PORTOLAN_EGRESS_ALLOW = `127.0.0.1:${provisioner.port}`;
  });
  afterAll(async () => {
    process.env = { ...saved };
    await provisioner.close();
    await database.close();
  });

  const run = async (parameters: Record<string, unknown>) => {
    const dev = testActor("dev");
    const queue = inlineQueue(database);
    const { id } = await createRun(
      database.db,
      dev,
      { template: "test-http", parameters: { port: provisioner.port, ...parameters } },
      { enqueue: queue.enqueue },
    );
    return { id, dev, drained: queue.drain() };
  };

  it("sends a signed JSON body the receiver verifies, and keeps the secret out of the log", async () => {
    process.env.PORTOLAN_SECRET_PROVISIONER = SERVER_SECRET;
    const { id, dev, drained } = await run({ branch: "feature/login" });
    await drained;
    const view = await getRunView(database.db, dev, id);
    expect(view.status).toBe("succeeded");
    const request = provisioner.received.at(-1)!;
    expect(request.verified).toBe(true);
    expect(JSON.parse(request.body)).toEqual({ branch: "feature/login", run: id });
    expect(request.headers["x-team"]).toBe("platform");
    expect(request.headers["x-portolan-callback-token"]).toBeUndefined();
    // Only the status and the declared fields: no body, nothing undeclared.
    expect(view.steps[0].output).toEqual({
      status: 202,
      url: "http://preview.internal/feature/login",
      ready: null,
      accepted: true,
    });
    expect(JSON.stringify(view)).not.toContain("hunter2");
    const log = (await database.db.select().from(provisioningEvents).where(eq(provisioningEvents.runId, id)))
      .map((e) => e.message)
      .join("\n");
    expect(log).toContain("(signed)");
    expect(log).not.toContain(SERVER_SECRET);
  });

  it("fails the step when the receiver refuses the signature (wrong secret)", async () => {
    process.env.PORTOLAN_SECRET_PROVISIONER = "not-the-provisioner-key";
    const { id, dev, drained } = await run({ branch: "main" });
    await drained;
    expect(provisioner.received.at(-1)!.verified).toBe(false);
    const view = await getRunView(database.db, dev, id);
    expect(view.status).toBe("failed");
    expect(view.error).toContain("HTTP 401");
    // The answer's body is never copied into the error or the log.
    const log = (await database.db.select().from(provisioningEvents).where(eq(provisioningEvents.runId, id)))
      .map((e) => e.message)
      .join("\n");
    expect(`${view.error}\n${log}`).not.toContain("bad signature");
    expect(view.environment?.status).toBe("failed");
  });

  it("waits for the callback: a forged token is refused (401, nothing stored), the run's token delivers the step output once", async () => {
    process.env.PORTOLAN_SECRET_PROVISIONER = SERVER_SECRET;
    const before = provisioner.received.length;
    const { id, dev, drained } = await run({ branch: "cb", wait: true });
    await until(() => provisioner.received.length > before);
    const request = provisioner.received.at(-1)!;
    const token = String(request.headers["x-portolan-callback-token"]);
    expect(request.headers["x-portolan-callback-url"]).toMatch(new RegExp(`/api/v1/runs/${id}/callback$`));
    const [stored] = await database.db.select().from(provisioningRuns).where(eq(provisioningRuns.id, id));
    expect(stored.callbackTokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.callbackTokenHash).not.toContain(token);

    const refused = await receiveCallback(database.db, id, "forged-token", { url: "http://evil.example" }).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect(statusOf(refused as AppError)).toBe(401);
    const other = await createRun(
      database.db,
      dev,
      { template: "test-http", parameters: { port: provisioner.port } },
      { enqueue: async () => null },
    );
    await expect(receiveCallback(database.db, other.id, token, { url: "x" })).rejects.toThrow(/not valid/);
    expect(
      (await database.db.select().from(provisioningRuns).where(eq(provisioningRuns.id, id)))[0].callbackPayload,
    ).toBeNull();

    await receiveCallback(database.db, id, token, {
      url: "http://cb.preview.internal",
      ready: true,
      secretStuff: "hunter2",
    });
    await expect(receiveCallback(database.db, id, token, { url: "http://replayed" })).rejects.toThrow(/not valid/);
    await drained;
    const view = await getRunView(database.db, dev, id);
    expect(view.status).toBe("succeeded");
    expect(view.steps[0].output).toEqual({
      status: 202,
      url: "http://cb.preview.internal",
      ready: true,
      accepted: null,
    });
    expect(view.environment).toMatchObject({ status: "ready", url: "http://cb.preview.internal" });
    // What the callback sent beyond the declared fields is not kept anywhere.
    expect(
      (await database.db.select().from(provisioningRuns).where(eq(provisioningRuns.id, id)))[0].callbackPayload,
    ).toBeNull();
  });

  it("fails when no callback arrives in time", async () => {
    process.env.PORTOLAN_SECRET_PROVISIONER = SERVER_SECRET;
    const { id, dev, drained } = await run({ branch: "late", wait: true, callbackTimeout: 1 });
    await drained;
    const view = await getRunView(database.db, dev, id);
    expect(view.status).toBe("failed");
    expect(view.error).toContain("no callback within 1 s");
    const [row] = await database.db.select().from(provisioningRuns).where(eq(provisioningRuns.id, id));
    expect(row.callbackTokenHash).toBeNull();
  });

  it("refuses a URL the egress policy does not allow (another loopback port): a clear step error, nothing sent", async () => {
    process.env.PORTOLAN_SECRET_PROVISIONER = SERVER_SECRET;
    const before = provisioner.received.length;
    const dev = testActor("dev");
    const queue = inlineQueue(database);
    const other = provisioner.port === 65535 ? provisioner.port - 1 : provisioner.port + 1;
    const { id } = await createRun(
      database.db,
      dev,
      { template: "test-http", parameters: { port: other, wait: true } },
      { enqueue: queue.enqueue },
    );
    await queue.drain();
    const view = await getRunView(database.db, dev, id);
    expect(view.status).toBe("failed");
    expect(view.steps[0].error).toBe(
      `refused by the egress policy: 127.0.0.1 is loopback; an admin can allow it with PORTOLAN_EGRESS_ALLOW=127.0.0.1:${other}`,
    );
    expect(provisioner.received.length).toBe(before);
    // The callback token issued for it was revoked.
    expect(
      (await database.db.select().from(provisioningRuns).where(eq(provisioningRuns.id, id)))[0].callbackTokenHash,
    ).toBeNull();
  });
});
