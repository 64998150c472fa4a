// A template imported into the catalog asks an internal provisioning API for an environment
// (http:request, HMAC-signed) and waits for the API to call back — over real HTTP end to end: an
// admin publishes the imported template first (Admin → Templates), then the app's callback route,
// its token checks, the run's live status, and the template's teardown. The API listens on a fixed
// loopback port that playwright.config.ts allowlists exactly (PORTOLAN_EGRESS_ALLOW=127.0.0.1:<port>).
import { createHmac } from "node:crypto";
import http from "node:http";
import { expect, test } from "@playwright/test";
import { signInAs } from "./support/sign-in";

const ADMIN = { Authorization: "Bearer e2e-admin-token" };
// The app reads it as PORTOLAN_SECRET_E2E_HOOK (playwright.config.ts).
const SECRET = "e2e-provisioning-hook-secret";

type Received = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };

// Set by playwright.config.ts (E2E_GITHUB_PORT + 1 unless given), and allowlisted there.
const PROVISIONING_PORT = Number(process.env.E2E_PROVISIONING_PORT);

/** A stand-in for a platform team's provisioning API: accepts requests and calls back later. */
function startProvisioningApi(
  port = PROVISIONING_PORT,
): Promise<{ port: number; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      // Only the provisioning API's own paths: the port is shared with other specs' stand-ins, and the
      // environments they recorded with a URL on it (action-templates.spec.ts) keep being probed here.
      if (!req.url?.startsWith("/environments")) {
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
        return;
      }
      received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      res.writeHead(req.method === "DELETE" ? 204 : 202, { "content-type": "application/json" });
      res.end(
        req.method === "DELETE" ? undefined : JSON.stringify({ accepted: true, internalNote: "not for the run log" }),
      );
    });
  });
  return new Promise((resolve) =>
    server.listen(port, "127.0.0.1", () =>
      resolve({ port, received, close: () => new Promise((r) => server.close(() => r())) }),
    ),
  );
}

function templateFor(port: number, name: string): string {
  return `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: ${name}
  title: Preview through the provisioning API
spec:
  type: environment
  owner: group:default/platform
  parameters:
    properties:
      branch: { type: string, title: Branch, default: main, pattern: "^[a-z0-9-]+$" }
  steps:
    - id: provision
      name: Ask the provisioning API
      action: http:request
      input:
        url: http://127.0.0.1:${port}/environments
        body: { branch: "\${{ parameters.branch }}" }
        secret: "\${{ secrets.E2E_HOOK }}"
        waitForCallback: true
        callbackTimeoutSeconds: 60
        pollIntervalMs: 100
        output: { url: /url }
  teardown:
    - id: release
      name: Release the environment
      action: http:request
      input:
        method: DELETE
        url: http://127.0.0.1:${port}/environments/\${{ parameters.branch }}
        secret: "\${{ secrets.E2E_HOOK }}"
  output:
    links:
      - title: Open
        url: "\${{ steps.provision.output.url }}"
  environment:
    name: callback-\${{ parameters.branch }}
    url: "\${{ steps.provision.output.url }}"
    ttl: { default: 1h, max: 2h }
  guardrails:
    allowed: { roles: [developer, admin] }
    quota: {}
`;
}

test("a catalog template, once an admin published it, calls a provisioning API (signed) and becomes ready when the API calls back", async ({
  request,
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  // A retry starts on what the first attempt left (its template published, its environment made):
  // it uses a template and a branch of its own.
  const name = testInfo.retry ? `e2e-callback-r${testInfo.retry}` : "e2e-callback";
  const branch = testInfo.retry ? `cb-1-r${testInfo.retry}` : "cb-1";
  const api = await startProvisioningApi();
  try {
    const imported = await request.post("/api/v1/catalog/import?location=e2e-templates", {
      headers: { ...ADMIN, "Content-Type": "application/yaml" },
      data: templateFor(api.port, name),
    });
    expect(imported.status()).toBe(200);
    expect((await imported.json()).imported).toEqual([`template:default/${name}`]);

    // Imported is not runnable: it waits for an admin.
    const before = await (await request.get("/api/v1/templates", { headers: ADMIN })).json();
    expect(before.items.map((t: { name: string }) => t.name)).not.toContain(name);
    expect(before.waiting).toContainEqual(
      expect.objectContaining({ name, trust: expect.objectContaining({ state: "unpublished" }) }),
    );
    const early = await request.post("/api/v1/runs", {
      headers: ADMIN,
      data: { template: `template:default/${name}`, parameters: { branch: "cb-0" } },
    });
    expect(early.status()).toBe(403);
    expect((await early.json()).error.message).toContain("waiting for an admin to publish it");

    // An admin reviews it under Admin → Templates (what it uses, the YAML) and publishes it.
    await signInAs(page, "admin", "/admin/templates");
    const entry = page.locator(`[data-testid="template-review"][data-template="${name}"]`);
    await expect(entry.getByText("waiting for an admin", { exact: true })).toBeVisible();
    await expect(entry.getByRole("list", { name: "Secrets" }).first()).toContainText("E2E_HOOK");
    await expect(entry.getByTestId("template-diff")).toContainText("action: http:request");
    await entry.getByRole("button", { name: `Publish template:default/${name}` }).click();
    await expect(entry.getByText("published", { exact: true })).toBeVisible();
    await expect(entry.getByText("published by user:admin")).toBeVisible();
    const { items } = await (await request.get("/api/v1/templates", { headers: ADMIN })).json();
    expect(items.find((t: { name: string }) => t.name === name)?.trust).toMatchObject({
      state: "published",
      publishedBy: "user:admin",
    });

    const created = await request.post("/api/v1/runs", {
      headers: ADMIN,
      data: { template: `template:default/${name}`, parameters: { branch } },
    });
    expect(created.status()).toBe(202);
    const { id, environmentId } = await created.json();

    // The API receives the signed request with where and how to call back.
    await expect.poll(() => api.received.length, { timeout: 90_000 }).toBe(1);
    const call = api.received[0];
    expect([call.method, call.url, JSON.parse(call.body)]).toEqual(["POST", "/environments", { branch }]);
    expect(call.headers["x-portolan-signature"]).toBe(
      `sha256=${createHmac("sha256", SECRET).update(call.body).digest("hex")}`,
    );
    expect(call.headers["x-portolan-run"]).toBe(id);
    const callbackUrl = String(call.headers["x-portolan-callback-url"]);
    const token = String(call.headers["x-portolan-callback-token"]);
    expect(callbackUrl).toMatch(new RegExp(`/api/v1/runs/${id}/callback$`));

    // Forged, missing and malformed callbacks are refused and change nothing.
    expect(
      (
        await request.post(callbackUrl, {
          headers: { Authorization: "Bearer forged" },
          data: { url: "http://evil.example" },
        })
      ).status(),
    ).toBe(401);
    expect((await request.post(callbackUrl, { data: { url: "http://evil.example" } })).status()).toBe(401);
    const notJson = await request.post(callbackUrl, {
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      data: Buffer.from("{not json"),
    });
    expect(notJson.status()).toBe(400);
    expect((await notJson.json()).error.message).toMatch(/JSON/);
    const waiting = await (await request.get(`/api/v1/runs/${id}`, { headers: ADMIN })).json();
    expect(waiting).toMatchObject({
      status: "running",
      environment: { id: environmentId, status: "provisioning", url: null },
    });

    // The real callback is taken once; the run finishes with the URL the API sent.
    expect(
      (
        await request.post(callbackUrl, {
          headers: { Authorization: `Bearer ${token}` },
          data: { url: `http://preview.e2e.example/${branch}`, credentials: "kept-out-of-the-run" },
        })
      ).status(),
    ).toBe(202);
    expect(
      (
        await request.post(callbackUrl, {
          headers: { Authorization: `Bearer ${token}` },
          data: { url: "http://evil.example" },
        })
      ).status(),
    ).toBe(401);
    await expect
      .poll(async () => (await (await request.get(`/api/v1/runs/${id}`, { headers: ADMIN })).json()).status, {
        timeout: 90_000,
      })
      .toBe("succeeded");
    const done = await (await request.get(`/api/v1/runs/${id}`, { headers: ADMIN })).json();
    expect(done.environment).toMatchObject({ status: "ready", url: `http://preview.e2e.example/${branch}` });
    // The step keeps its status and the declared field; nothing else the API or the callback sent.
    expect(done.steps[0].output).toEqual({ status: 202, url: `http://preview.e2e.example/${branch}` });
    expect(JSON.stringify(done)).not.toMatch(/kept-out-of-the-run|not for the run log/);
    const events = await (await request.get(`/api/v1/runs/${id}/events`, { headers: ADMIN })).json();
    expect(JSON.stringify(events)).toContain("callback received");
    expect(JSON.stringify(events)).not.toContain(SECRET);

    // Destroying it runs the template's teardown against the API.
    expect((await request.delete(`/api/v1/environments/${environmentId}`, { headers: ADMIN })).status()).toBe(202);
    await expect
      .poll(
        async () => (await (await request.get(`/api/v1/runs/${id}`, { headers: ADMIN })).json()).environment.status,
        { timeout: 90_000 },
      )
      .toBe("destroyed");
    const release = api.received.find((r) => r.method === "DELETE");
    expect(release?.url).toBe(`/environments/${branch}`);
    expect(release?.headers["x-portolan-signature"]).toBe(
      `sha256=${createHmac("sha256", SECRET).update("").digest("hex")}`,
    );
  } finally {
    await api.close();
  }
});

test("an imported template cannot run a command, and a published one cannot reach an address the egress policy refuses", async ({
  request,
}) => {
  const shell = `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: { name: e2e-shell }
spec:
  type: environment
  steps:
    - { id: pwn, action: local:process, input: { command: /bin/sh, args: ["-c", "echo pwned"] } }
---
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: { name: e2e-ssrf }
spec:
  type: environment
  steps:
    - { id: peek, action: http:request, input: { method: GET, url: "http://127.0.0.1:${PROVISIONING_PORT + 1}/latest/meta-data/" } }
`;
  const imported = await request.post("/api/v1/catalog/import?location=e2e-attacks", {
    headers: { ...ADMIN, "Content-Type": "application/yaml" },
    data: shell,
  });
  expect(imported.status()).toBe(200);
  const runShell = await request.post("/api/v1/runs", {
    headers: ADMIN,
    data: { template: "e2e-shell", parameters: {} },
  });
  expect(runShell.status()).toBe(403);
  const publishShell = await request.post("/api/v1/templates/e2e-shell/publish", { headers: ADMIN, data: {} });
  expect(publishShell.status()).toBe(422);
  expect((await publishShell.json()).error.message).toContain("catalog templates may not use local:process");

  expect((await request.post("/api/v1/templates/e2e-ssrf/publish", { headers: ADMIN, data: {} })).status()).toBe(200);
  const created = await request.post("/api/v1/runs", {
    headers: ADMIN,
    data: { template: "e2e-ssrf", parameters: {} },
  });
  expect(created.status()).toBe(202);
  const { id } = await created.json();
  await expect
    .poll(async () => (await (await request.get(`/api/v1/runs/${id}`, { headers: ADMIN })).json()).status, {
      timeout: 90_000,
    })
    .toBe("failed");
  const run = await (await request.get(`/api/v1/runs/${id}`, { headers: ADMIN })).json();
  expect(run.steps[0].error).toBe(
    `refused by the egress policy: 127.0.0.1 is loopback; an admin can allow it with PORTOLAN_EGRESS_ALLOW=127.0.0.1:${PROVISIONING_PORT + 1}`,
  );
  expect((await request.post("/api/v1/templates/e2e-ssrf/withdraw", { headers: ADMIN })).status()).toBe(200);
});
