import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { API_ROUTES } from "@/lib/api/routes";
import { EVERYONE, principals, type Principals, type Who } from "./principals";

// Every route × every kind of caller. Rows are keyed by the route contracts (which a unit test ties
// to the route files), so a new route without its row here fails this spec.

/** "pass": past the guard (any status but 401/403, never 5xx); otherwise the exact refusal. */
type Outcome = "pass" | 401 | 403;
type Row = { path: string; data?: (who: Who) => unknown; contentType?: string; expect: Record<Who, Outcome> };

const NO_RUN = "00000000-0000-4000-8000-000000000000";
const SERVICE = "component:default/booking-service";

const readers: Record<Who, Outcome> = {
  anonymous: 401,
  viewer: "pass",
  developer: "pass",
  admin: "pass",
  adminToken: "pass",
  viewerToken: "pass",
  scopedToken: "pass",
};
const writers: Record<Who, Outcome> = {
  anonymous: 401,
  viewer: 403,
  developer: "pass",
  admin: "pass",
  adminToken: "pass",
  viewerToken: 403,
  scopedToken: 403,
};
const admins: Record<Who, Outcome> = {
  anonymous: 401,
  viewer: 403,
  developer: 403,
  admin: "pass",
  adminToken: "pass",
  viewerToken: 403,
  scopedToken: 403,
};
const signatureOnly: Record<Who, Outcome> = {
  anonymous: 401,
  viewer: 401,
  developer: 401,
  admin: 401,
  adminToken: 401,
  viewerToken: 401,
  scopedToken: 401,
};
const everyone: Record<Who, Outcome> = {
  anonymous: "pass",
  viewer: "pass",
  developer: "pass",
  admin: "pass",
  adminToken: "pass",
  viewerToken: "pass",
  scopedToken: "pass",
};

const descriptor = (who: Who) => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: matrix-${who.toLowerCase()} }
spec: { type: service, lifecycle: experimental, owner: team-matrix }
`;

const MATRIX: Record<string, Row> = {
  "GET /api/health": { path: "/api/health", expect: everyone },
  "POST /api/webhooks/github": { path: "/api/webhooks/github", data: () => ({ zen: "hi" }), expect: signatureOnly },
  "GET /api/v1/entities": { path: "/api/v1/entities?limit=1", expect: readers },
  "GET /api/v1/entities/facets": { path: "/api/v1/entities/facets?facets=kind&limit=5", expect: readers },
  "GET /api/v1/entities/{kind}/{namespace}/{name}": {
    path: "/api/v1/entities/component/default/booking-service",
    expect: readers,
  },
  "POST /api/v1/catalog/import": {
    path: "/api/v1/catalog/import?location=matrix-test",
    data: descriptor,
    contentType: "application/yaml",
    expect: writers,
  },
  "GET /api/v1/catalog/locations": { path: "/api/v1/catalog/locations", expect: readers },
  "GET /api/v1/catalog/locations/{id}": { path: "/api/v1/catalog/locations/demo:systems.yaml", expect: readers },
  "DELETE /api/v1/catalog/locations/{id}": {
    path: "/api/v1/catalog/locations/matrix-no-such-location",
    expect: writers,
  },
  "GET /api/v1/deployments": { path: "/api/v1/deployments?limit=1", expect: readers },
  "POST /api/v1/deployments": {
    path: "/api/v1/deployments",
    data: (who) => ({
      id: `matrix-${who}`,
      service: SERVICE,
      environment: "matrix",
      version: "v0.0.1",
      status: "success",
    }),
    expect: { ...writers },
  },
  "POST /api/v1/integrations/alertmanager": {
    path: "/api/v1/integrations/alertmanager",
    data: (who) => ({
      version: "4",
      groupKey: `{}:{matrix="${who}"}`,
      status: "firing",
      receiver: "portolan",
      groupLabels: {},
      commonLabels: {},
      commonAnnotations: {},
      externalURL: "http://alertmanager.invalid",
      alerts: [
        {
          status: "resolved",
          labels: { alertname: "Matrix", service: SERVICE, env: "matrix" },
          annotations: {},
          startsAt: "2026-01-01T00:00:00Z",
          endsAt: "2026-01-01T00:01:00Z",
          fingerprint: `matrix-${who}`,
        },
      ],
    }),
    expect: writers,
  },
  "POST /api/v1/integrations/pagerduty": {
    path: "/api/v1/integrations/pagerduty",
    data: () => ({ event: { id: "x", event_type: "incident.triggered" } }),
    expect: signatureOnly,
  },
  "GET /api/v1/dora": { path: `/api/v1/dora?service=${SERVICE}&days=30`, expect: readers },
  "GET /api/v1/incidents": { path: "/api/v1/incidents?limit=1", expect: readers },
  "POST /api/v1/incidents": {
    path: "/api/v1/incidents",
    data: (who) => ({
      id: `matrix-${who}`,
      service: SERVICE,
      environment: "matrix",
      title: "Matrix incident",
      status: "resolved",
    }),
    expect: writers,
  },
  "GET /api/v1/releases": { path: `/api/v1/releases?service=${SERVICE}`, expect: readers },
  "GET /api/v1/releases/compare": {
    path: `/api/v1/releases/compare?service=${SERVICE}&base=v1.0.0&head=v1.1.0`,
    expect: readers,
  },
  "GET /api/v1/environments": { path: "/api/v1/environments", expect: readers },
  "GET /environments/data": { path: "/environments/data", expect: readers },
  "GET /environments/options": { path: "/environments/options?kind=group&q=pay", expect: readers },
  "GET /api/v1/templates": { path: "/api/v1/templates", expect: readers },
  "GET /api/v1/scorecards": { path: "/api/v1/scorecards", expect: readers },
  "GET /api/v1/scorecards/{name}": { path: "/api/v1/scorecards/production-readiness?limit=1", expect: readers },
  "GET /api/v1/initiatives": { path: "/api/v1/initiatives", expect: readers },
  // Developers pass the route's guard (initiatives:start); a valid body is then refused (403) unless
  // they lead every team it covers (lib/scorecards/initiative-access.ts, initiative-leads.int.test.ts).
  "POST /api/v1/initiatives": { path: "/api/v1/initiatives", data: () => ({}), expect: writers },
  "GET /api/v1/initiatives/{id}": { path: `/api/v1/initiatives/${NO_RUN}`, expect: readers },
  "GET /api/v1/entities/{kind}/{namespace}/{name}/scorecards": {
    path: "/api/v1/entities/component/default/booking-service/scorecards",
    expect: readers,
  },
  "POST /api/v1/templates/{name}/publish": {
    path: "/api/v1/templates/no-such-template/publish",
    data: () => ({}),
    expect: admins,
  },
  "POST /api/v1/templates/{name}/withdraw": { path: "/api/v1/templates/no-such-template/withdraw", expect: admins },
  "GET /api/v1/services/branches": { path: `/api/v1/services/branches?service=${SERVICE}`, expect: writers },
  "POST /api/v1/runs": {
    path: "/api/v1/runs",
    data: () => ({ template: "no-such-template", parameters: {} }),
    expect: writers,
  },
  "GET /api/v1/runs/{id}": { path: `/api/v1/runs/${NO_RUN}`, expect: readers },
  "GET /api/v1/runs/{id}/events": { path: `/api/v1/runs/${NO_RUN}/events`, expect: readers },
  "POST /api/v1/runs/{id}/cancel": { path: `/api/v1/runs/${NO_RUN}/cancel`, expect: writers },
  "POST /api/v1/runs/{id}/retry": { path: `/api/v1/runs/${NO_RUN}/retry`, expect: writers },
  // Who may decide is checked against the run's approvers once the run is found; tokens need runs:write.
  "POST /api/v1/runs/{id}/approve": {
    path: `/api/v1/runs/${NO_RUN}/approve`,
    data: () => ({}),
    expect: { ...readers, viewerToken: 403, scopedToken: 403 },
  },
  "POST /api/v1/runs/{id}/reject": {
    path: `/api/v1/runs/${NO_RUN}/reject`,
    data: () => ({}),
    expect: { ...readers, viewerToken: 403, scopedToken: 403 },
  },
  "POST /api/v1/runs/{id}/callback": {
    path: `/api/v1/runs/${NO_RUN}/callback`,
    data: () => ({ url: "http://x" }),
    expect: signatureOnly,
  },
  "GET /api/v1/environments/{id}": { path: `/api/v1/environments/${NO_RUN}`, expect: readers },
  "DELETE /api/v1/environments/{id}": { path: `/api/v1/environments/${NO_RUN}`, expect: writers },
  "POST /api/v1/environments/{id}/sleep": { path: `/api/v1/environments/${NO_RUN}/sleep`, expect: writers },
  "POST /api/v1/environments/{id}/wake": { path: `/api/v1/environments/${NO_RUN}/wake`, expect: writers },
  "POST /api/v1/environments/{id}/extend": {
    path: `/api/v1/environments/${NO_RUN}/extend`,
    data: () => ({ hours: 1 }),
    expect: writers,
  },
  "GET /api/v1/entities/{kind}/{namespace}/{name}/actions": {
    path: "/api/v1/entities/component/default/booking-service/actions",
    expect: readers,
  },
  "GET /api/v1/incidents/mappings": { path: "/api/v1/incidents/mappings", expect: admins },
  // An invalid regular expression: admins get the 422, everyone else the refusal, and no rule is stored.
  "POST /api/v1/incidents/mappings": {
    path: "/api/v1/incidents/mappings",
    data: () => ({ labelName: "matrix", match: "regex", pattern: "(", service: SERVICE }),
    expect: admins,
  },
  "DELETE /api/v1/incidents/mappings/{id}": { path: `/api/v1/incidents/mappings/${NO_RUN}`, expect: admins },
  // No label names: admins get the 400, and the setting is unchanged.
  "PUT /api/v1/incidents/mappings/labels": {
    path: "/api/v1/incidents/mappings/labels",
    data: () => ({ serviceLabels: [] }),
    expect: admins,
  },
  "GET /api/v1/freezes": { path: "/api/v1/freezes", expect: readers },
  "POST /api/v1/freezes": {
    path: "/api/v1/freezes",
    // Ends before it starts: admins get the 422, everyone else the refusal, and nothing is frozen.
    data: () => ({ environment: "matrix", startsAt: "2026-01-02T00:00", endsAt: "2026-01-01T00:00", reason: "matrix" }),
    expect: admins,
  },
  "DELETE /api/v1/freezes": { path: `/api/v1/freezes?id=${NO_RUN}`, expect: admins },
  "DELETE /api/v1/freezes/{id}": { path: `/api/v1/freezes/${NO_RUN}`, expect: admins },
  "GET /api/v1/notifications": { path: "/api/v1/notifications", expect: readers },
  "POST /api/v1/notifications/read": {
    path: "/api/v1/notifications/read",
    data: () => ({ all: true }),
    expect: readers,
  },
  "GET /api/v1/notifications/channels": { path: "/api/v1/notifications/channels", expect: readers },
  // An invalid URL: past the guard, 422 for everyone signed in, and nothing is stored.
  "POST /api/v1/notifications/channels": {
    path: "/api/v1/notifications/channels",
    data: () => ({ kind: "slack", url: "not a url" }),
    expect: readers,
  },
  "DELETE /api/v1/notifications/channels/{id}": { path: `/api/v1/notifications/channels/${NO_RUN}`, expect: readers },
  // Tokens have no inbox of their own: past the guard, 422 (name the team).
  "GET /api/v1/notifications/preferences": { path: "/api/v1/notifications/preferences", expect: readers },
  // No items: 422 for everyone signed in, and nothing changes.
  "PUT /api/v1/notifications/preferences": {
    path: "/api/v1/notifications/preferences",
    data: () => ({ items: [] }),
    expect: readers,
  },
  "GET /api/v1/notifications/deliveries": { path: "/api/v1/notifications/deliveries", expect: admins },
  "POST /api/v1/notifications/deliveries/{id}/retry": {
    path: "/api/v1/notifications/deliveries/999999999/retry",
    expect: admins,
  },
  "GET /api/v1/github/syncs": { path: "/api/v1/github/syncs", expect: admins },
  "POST /api/v1/github/syncs": { path: "/api/v1/github/syncs", expect: admins },
  "GET /api/v1/metrics": { path: "/api/v1/metrics", expect: admins },
  "GET /api/v1/system": { path: "/api/v1/system", expect: admins },
  "GET /api/v1/openapi.json": { path: "/api/v1/openapi.json", expect: readers },
  "GET /api/v1/users": { path: "/api/v1/users", expect: admins },
  "PATCH /api/v1/users/{login}": {
    path: "/api/v1/users/nobody-in-the-matrix",
    data: () => ({ role: "viewer" }),
    expect: admins,
  },
};

/** Pages: where each kind of person ends up. */
type PageOutcome = "signin" | "forbidden" | "ok" | "notfound" | `redirect ${string}`;
const pageReaders: Record<string, PageOutcome> = { anonymous: "signin", viewer: "ok", developer: "ok", admin: "ok" };
const pageAdmins: Record<string, PageOutcome> = {
  anonymous: "signin",
  viewer: "forbidden",
  developer: "forbidden",
  admin: "ok",
};
const PAGES: Record<string, { path: string; expect: Record<string, PageOutcome> }> = {
  // "/" sends everyone on to the catalog (which then asks strangers to sign in).
  "/": { path: "/", expect: { anonymous: "ok", viewer: "ok", developer: "ok", admin: "ok" } },
  "/signin": { path: "/signin", expect: { anonymous: "ok", viewer: "ok", developer: "ok", admin: "ok" } },
  "/forbidden": { path: "/forbidden", expect: { anonymous: "ok", viewer: "ok", developer: "ok", admin: "ok" } },
  "/catalog": { path: "/catalog", expect: pageReaders },
  "/catalog/[kind]/[namespace]/[name]": { path: "/catalog/component/default/booking-service", expect: pageReaders },
  "/teams": { path: "/teams", expect: pageReaders },
  "/teams/[name]": { path: "/teams/payments", expect: pageReaders },
  "/deployments": { path: "/deployments", expect: pageReaders },
  "/scorecards": { path: "/scorecards", expect: pageReaders },
  "/scorecards/[name]": { path: "/scorecards/production-readiness", expect: pageReaders },
  "/initiatives": { path: "/initiatives", expect: pageReaders },
  "/initiatives/[id]": {
    path: `/initiatives/${NO_RUN}`,
    expect: { anonymous: "signin", viewer: "notfound", developer: "notfound", admin: "notfound" },
  },
  "/environments": { path: "/environments", expect: pageReaders },
  "/incidents": { path: "/incidents", expect: pageReaders },
  "/my-environments": { path: "/my-environments", expect: pageReaders },
  "/inbox": { path: "/inbox", expect: pageReaders },
  "/inbox/settings": { path: "/inbox/settings", expect: pageReaders },
  // A team's own (dev is a member of payments, viewer is not) and admins.
  "/teams/[name]/notifications": {
    path: "/teams/payments/notifications",
    expect: { anonymous: "signin", viewer: "forbidden", developer: "ok", admin: "ok" },
  },
  "/my-environments/[id]/extend": {
    path: `/my-environments/${NO_RUN}/extend`,
    expect: { anonymous: "signin", viewer: "notfound", developer: "notfound", admin: "notfound" },
  },
  "/self-service": { path: "/self-service", expect: pageReaders },
  "/self-service/[template]": {
    path: "/self-service/local-preview",
    expect: { anonymous: "signin", viewer: "forbidden", developer: "ok", admin: "ok" },
  },
  "/runs/[id]": {
    path: `/runs/${NO_RUN}`,
    expect: { anonymous: "signin", viewer: "notfound", developer: "notfound", admin: "notfound" },
  },
  "/admin": { path: "/admin", expect: { ...pageAdmins, admin: "redirect /admin/users" } },
  "/admin/users": { path: "/admin/users", expect: pageAdmins },
  "/admin/tokens": { path: "/admin/tokens", expect: pageAdmins },
  "/admin/audit": { path: "/admin/audit", expect: pageAdmins },
  "/admin/github": { path: "/admin/github", expect: pageAdmins },
  "/admin/incidents": { path: "/admin/incidents", expect: pageAdmins },
  "/admin/system": { path: "/admin/system", expect: pageAdmins },
  "/admin/templates": { path: "/admin/templates", expect: pageAdmins },
  "/admin/freezes": { path: "/admin/freezes", expect: pageAdmins },
  "/admin/notifications": { path: "/admin/notifications", expect: pageAdmins },
  // One-time links: the page opens for anyone; the secret in the link is the authorisation.
  "/setup": {
    path: "/setup?token=not-a-real-link",
    expect: { anonymous: "ok", viewer: "ok", developer: "ok", admin: "ok" },
  },
  "/set-password": {
    path: "/set-password?invitation=not-a-real-link",
    expect: { anonymous: "ok", viewer: "ok", developer: "ok", admin: "ok" },
  },
};

function pageFiles(): string[] {
  const app = path.resolve("app");
  return fs
    .readdirSync(app, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith("page.tsx"))
    .map(
      (f) =>
        "/" +
        path
          .dirname(f)
          .split(path.sep)
          .filter((s) => s !== "." && !/^\(.*\)$/.test(s))
          .join("/"),
    );
}

test.describe("authorization matrix", () => {
  let callers: Principals;
  test.beforeAll(async ({ browser, baseURL }) => {
    callers = await principals(browser, baseURL!);
  });
  test.afterAll(async () => callers?.dispose());

  test("every route has its row, and no row outlives its route", () => {
    const declared = API_ROUTES.map((r) => `${r.method} ${r.path}`).sort();
    expect(Object.keys(MATRIX).sort()).toEqual(declared);
    expect(Object.keys(PAGES).sort()).toEqual(pageFiles().sort());
  });

  test("every route answers each kind of caller as its row says, and never with a 5xx", async () => {
    const mismatches: string[] = [];
    for (const route of API_ROUTES) {
      const row = MATRIX[`${route.method} ${route.path}`];
      for (const who of EVERYONE) {
        const data = row.data?.(who);
        const response = await callers[who].fetch(row.path, {
          method: route.method,
          data: typeof data === "string" ? data : data === undefined ? undefined : JSON.stringify(data),
          headers: data === undefined ? {} : { "content-type": row.contentType ?? "application/json" },
          maxRedirects: 0,
        });
        const status = response.status();
        const wanted = row.expect[who];
        const ok = wanted === "pass" ? status < 500 && status !== 401 && status !== 403 : status === wanted;
        if (!ok)
          mismatches.push(
            `${route.method} ${row.path} as ${who}: ${status}, wanted ${wanted} — ${(await response.text()).slice(0, 200)}`,
          );
      }
    }
    expect(mismatches).toEqual([]);
  });

  test("every page sends each kind of person where its row says", async () => {
    const mismatches: string[] = [];
    for (const [file, row] of Object.entries(PAGES)) {
      for (const who of ["anonymous", "viewer", "developer", "admin"] as const) {
        const response = await callers[who].get(row.path, { maxRedirects: 0 });
        const status = response.status();
        const location = response.headers()["location"] ?? "";
        const outcome: PageOutcome | string =
          status === 404
            ? "notfound"
            : status >= 300 && status < 400
              ? location.includes("/signin")
                ? "signin"
                : location.includes("/forbidden")
                  ? "forbidden"
                  : `redirect ${location}`
              : status === 200
                ? "ok"
                : String(status);
        const wanted = row.expect[who];
        const ok = outcome === wanted || (file === "/" && location.endsWith("/catalog"));
        if (!ok) mismatches.push(`${row.path} as ${who}: ${outcome} (${status}), wanted ${wanted}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  test("cookie-authenticated writes from another origin, or as a form, are refused; bearer calls are not affected", async ({
    playwright,
    baseURL,
  }) => {
    const body = JSON.stringify({
      id: "csrf-1",
      service: SERVICE,
      environment: "csrf",
      version: "v1",
      status: "success",
    });
    const admin = callers.admin;
    for (const headers of [
      { origin: "http://localhost:1", "content-type": "application/json" },
      { origin: "null", "content-type": "application/json" },
      { origin: baseURL!, "content-type": "text/plain" },
      { origin: baseURL!, "content-type": "application/x-www-form-urlencoded" },
    ]) {
      const response = await admin.post("/api/v1/deployments", { data: body, headers });
      expect(response.status(), JSON.stringify(headers)).toBe(403);
    }
    const imported = await admin.post("/api/v1/catalog/import?location=csrf", {
      data: "kind: Component",
      headers: { origin: "http://localhost:1", "content-type": "text/plain" },
    });
    expect(imported.status()).toBe(403);
    expect((await imported.json()).error.message).toMatch(/not from the portal/);
    // A script-less page cannot strip the Origin header; a bearer client needs none.
    const token = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { authorization: "Bearer e2e-admin-token" },
    });
    expect(
      (await token.post("/api/v1/deployments", { data: body, headers: { "content-type": "text/plain" } })).status(),
    ).toBe(201);
    await token.dispose();
  });
});
