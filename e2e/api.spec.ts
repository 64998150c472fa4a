import { expect, test } from "@playwright/test";
import { signInAs } from "./support/sign-in";

// The REST API over real HTTP against the built app: auth, import, read-back and bad input.
const ADMIN = { Authorization: "Bearer e2e-admin-token" };

const DESCRIPTORS = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: e2e-orders
  tags: [go]
spec:
  type: service
  lifecycle: production
  owner: Group:team-e2e
  dependsOn: [component:e2e-stock]
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: e2e-stock }
spec: { type: service, lifecycle: production, owner: team-e2e }
---
kind: Component
metadata: { name: "\${{ values.name }}" }
`;

test.describe("REST API v1", () => {
  test("imports descriptors, reports the invalid one, and reads relations back", async ({ request }) => {
    const res = await request.post("/api/v1/catalog/import?location=e2e-repo", {
      headers: { ...ADMIN, "Content-Type": "application/yaml" },
      data: DESCRIPTORS,
    });
    expect(res.status()).toBe(200);
    const body = await res.json();
    expect(body.imported).toEqual(["component:default/e2e-orders", "component:default/e2e-stock"]);
    expect(body.errors[0]).toMatchObject({ index: 2 });
    expect(body.errors.map((e: { field: string }) => e.field)).toContain("apiVersion");

    const entity = await request.get("/api/v1/entities/COMPONENT/default/e2e-orders", { headers: ADMIN });
    expect(entity.status()).toBe(200);
    const json = await entity.json();
    expect(json.relations).toEqual(
      expect.arrayContaining([
        { type: "ownedBy", targetRef: "group:default/team-e2e" },
        { type: "dependsOn", targetRef: "component:default/e2e-stock" },
      ]),
    );
    const list = await request.get("/api/v1/entities?owner=team-e2e&kind=component&limit=1", { headers: ADMIN });
    const page = await list.json();
    expect(page.items).toHaveLength(1);
    expect(page.nextCursor).toBeTruthy();
    const next = await (
      await request.get(`/api/v1/entities?owner=team-e2e&kind=component&limit=1&cursor=${page.nextCursor}`, {
        headers: ADMIN,
      })
    ).json();
    expect(next.items[0].ref).not.toBe(page.items[0].ref);
  });

  test("bad input gets a 4xx that says what to fix, never a 5xx", async ({ request }) => {
    const noLocation = await request.post("/api/v1/catalog/import", { headers: ADMIN, data: DESCRIPTORS });
    expect(noLocation.status()).toBe(400);
    expect((await noLocation.json()).error.message).toMatch(/location/);

    const empty = await request.post("/api/v1/catalog/import?location=x", { headers: ADMIN, data: "" });
    expect(empty.status()).toBe(400);

    const garbage = await request.post("/api/v1/catalog/import?location=x", { headers: ADMIN, data: "kind: [oops" });
    expect(garbage.status()).toBe(422);
    expect((await garbage.json()).error.message).toMatch(/YAML syntax error at line 1/);

    const badLimit = await request.get("/api/v1/entities?limit=100000", { headers: ADMIN });
    expect(badLimit.status()).toBe(400);
    expect((await badLimit.json()).error.details[0]).toMatchObject({ field: "limit" });

    const missing = await request.get("/api/v1/entities/component/default/nope", { headers: ADMIN });
    expect(missing.status()).toBe(404);
    expect((await missing.json()).error.code).toBe("not_found:entity");

    const unknownFacet = await request.get("/api/v1/entities/facets?facets=kind,owners", { headers: ADMIN });
    expect(unknownFacet.status()).toBe(400);
    expect((await unknownFacet.json()).error.message).toMatch(/unknown facet "owners": facets takes kind, type/);
    const facetLimit = await request.get("/api/v1/entities/facets?limit=500", { headers: ADMIN });
    expect(facetLimit.status()).toBe(400);
    expect((await facetLimit.json()).error.message).toMatch(/limit must be at most 200/);
    const levels = await request.get("/api/v1/entities/facets?facets=level", { headers: ADMIN });
    expect(levels.status()).toBe(400);
    expect((await levels.json()).error.message).toMatch(/scorecard=<name>/);
    // The static facets segment takes one path only: an entity whose kind is "facets" is still an entity.
    const facetsKind = await request.get("/api/v1/entities/facets/default/nope", { headers: ADMIN });
    expect(facetsKind.status()).toBe(404);
    expect((await facetsKind.json()).error.code).toBe("not_found:entity");
  });

  test("the admin token assigns roles; bad roles and unknown users are 4xx", async ({ request }) => {
    const users = await (await request.get("/api/v1/users", { headers: ADMIN })).json();
    expect(users.items.find((u: { login: string }) => u.login === "nina.kowalski")).toBeTruthy();
    const changed = await request.patch("/api/v1/users/nina.kowalski", { headers: ADMIN, data: { role: "viewer" } });
    expect(await changed.json()).toEqual({ login: "nina.kowalski", role: "viewer" });
    expect(
      (await request.patch("/api/v1/users/nina.kowalski", { headers: ADMIN, data: { role: "owner" } })).status(),
    ).toBe(400);
    expect((await request.patch("/api/v1/users/nobody", { headers: ADMIN, data: { role: "viewer" } })).status()).toBe(
      404,
    );
  });

  test("unknown tokens are 401, viewers may read but not import", async ({ page, request }) => {
    expect((await request.get("/api/v1/entities", { headers: { Authorization: "Bearer nope" } })).status()).toBe(401);
    expect((await request.get("/api/v1/openapi.json")).status()).toBe(401);
    const health = await request.get("/api/health");
    expect(await health.json()).toMatchObject({ status: "ok" });

    // An admin creates a viewer token in the UI; the secret is shown once and works as a bearer token.
    await signInAs(page, "admin");
    await page.goto("/admin/tokens");
    await page.getByLabel("Token name").fill("e2e reader");
    await page.getByLabel("Role").selectOption("viewer");
    await page.getByRole("button", { name: "Create token" }).click();
    const secret = ((await page.getByLabel("New token secret").textContent()) ?? "").trim();
    expect(secret).toMatch(/^ptl_/);

    const viewer = { Authorization: `Bearer ${secret}` };
    expect((await request.get("/api/v1/entities?kind=group", { headers: viewer })).status()).toBe(200);
    const denied = await request.post("/api/v1/catalog/import?location=viewer", { headers: viewer, data: DESCRIPTORS });
    expect(denied.status()).toBe(403);
    expect((await denied.json()).error.message).toMatch(/role \(viewer\)/);
    const spec = await (await request.get("/api/v1/openapi.json", { headers: viewer })).json();
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(["/api/v1/entities", "/api/v1/catalog/import"]));
    // Metrics are for admins (Prometheus scrapes with an admin token).
    expect((await request.get("/api/v1/metrics", { headers: viewer })).status()).toBe(403);
  });

  test("an admin token scrapes the portal's metrics in Prometheus's format, and Admin → System shows the same state", async ({
    page,
    request,
  }) => {
    expect((await request.get("/api/v1/metrics")).status()).toBe(401);
    const metrics = await request.get("/api/v1/metrics", { headers: ADMIN });
    expect(metrics.status()).toBe(200);
    expect(metrics.headers()["content-type"]).toContain("text/plain; version=0.0.4");
    const text = await metrics.text();
    expect(text).toMatch(/^portolan_catalog_entities\{kind="component"\} \d+$/m);
    expect(text).toMatch(/^portolan_jobs\{queue="provisioning-run",state="waiting"\} \d+$/m);

    await signInAs(page, "admin");
    await page.goto("/admin/system");
    await expect(page.getByRole("heading", { name: "System", level: 1 })).toBeVisible();
    await expect(page.getByRole("table", { name: "Jobs by queue" })).toContainText("provisioning-run");
    await expect(page.getByLabel("Entities by kind")).toContainText("component");
  });
});
