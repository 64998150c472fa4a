import { expect, test, type APIResponse } from "@playwright/test";
import type { RouteContract } from "@/lib/api/contract";
import {
  catalogRoutes,
  deliveryRoutes,
  incidentRoutes,
  publicRoutes,
  scorecardRoutes,
  selfServiceRoutes,
} from "@/lib/api/routes";

// Real answers of the production build, read back through the response schemas their contracts
// declare — the schemas the OpenAPI document is generated from. A handler that sends a field of
// another type, or forgets a required one, fails here even where the types let it through.

const ADMIN = { authorization: "Bearer e2e-admin-token" };

/** The body, parsed with the contract's schema for the status the route answered. */
async function expectDeclared(response: APIResponse, contract: RouteContract): Promise<unknown> {
  const where = `${contract.method} ${contract.path} answered ${response.status()}`;
  const spec = contract.responses?.[response.status()];
  expect(spec?.schema, `${where}: a status its contract declares, with a schema`).toBeDefined();
  const parsed = spec!.schema!.safeParse(await response.json());
  expect(parsed.success ? [] : parsed.error.issues, where).toEqual([]);
  return parsed.data;
}

test("the catalog, delivery and self-service routes answer what their contracts declare", async ({ request }) => {
  test.setTimeout(90_000);
  const get = (path: string) => request.get(path, { headers: ADMIN });

  await expectDeclared(await get("/api/v1/entities?kind=component&limit=5"), catalogRoutes.listEntities);
  // Each facet ignores its own filter: the kinds other than component are still offered.
  const { facets } = (await expectDeclared(
    await get("/api/v1/entities/facets?kind=component"),
    catalogRoutes.listEntityFacets,
  )) as { facets: { kind: { value: string }[] } };
  expect(facets.kind.map((f) => f.value)).toContain("group");
  await expectDeclared(await get("/api/v1/entities/component/default/booking-service"), catalogRoutes.getEntity);
  const imported = await request.post("/api/v1/catalog/import?location=contracts-e2e", {
    headers: ADMIN,
    data: "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: contract-check }\nspec: { type: service, lifecycle: experimental, owner: team-a }\n---\nkind: Nope\n",
  });
  await expectDeclared(imported, catalogRoutes.importDescriptors);
  await expectDeclared(await get("/api/v1/catalog/locations?limit=5"), catalogRoutes.listLocations);
  await expectDeclared(await get("/api/v1/catalog/locations/contracts-e2e"), catalogRoutes.getLocation);

  const deployment = {
    id: "contracts-e2e-1",
    service: "component:default/booking-service",
    environment: "staging",
    version: "v9.9.9",
    status: "success",
  };
  const recorded = await request.post("/api/v1/deployments", { headers: ADMIN, data: deployment });
  expect(recorded.status()).toBe(201);
  await expectDeclared(recorded, deliveryRoutes.recordDeployment);
  await expectDeclared(await get("/api/v1/deployments?service=booking-service"), deliveryRoutes.listDeployments);
  await expectDeclared(await get("/api/v1/releases?service=payment-gateway"), deliveryRoutes.listReleases);
  await expectDeclared(
    await get("/api/v1/releases/compare?service=payment-gateway&base=v1.0.0&head=v1.1.0"),
    deliveryRoutes.compareReleases,
  );
  await expectDeclared(await get("/environments/data"), deliveryRoutes.environmentsMatrix);

  const created = await request.post("/api/v1/runs", {
    headers: ADMIN,
    data: {
      template: "local-preview",
      parameters: { component: "component:default/booking-service", branch: "feature/refunds" },
    },
  });
  const { id: runId } = (await expectDeclared(created, selfServiceRoutes.createRun)) as { id: string };
  await expect
    .poll(async () => (await (await get(`/api/v1/runs/${runId}`)).json()).environment?.status, { timeout: 90_000 })
    .toBe("ready");
  await expectDeclared(await get(`/api/v1/runs/${runId}`), selfServiceRoutes.getRun);
  await expectDeclared(await get(`/api/v1/runs/${runId}/events`), selfServiceRoutes.runEvents);
  await expectDeclared(await get("/api/v1/environments"), deliveryRoutes.listEnvironments);
  const withService = await expectDeclared(
    await get("/api/v1/environments?service=booking-service"),
    deliveryRoutes.listEnvironments,
  );
  expect(withService).toHaveProperty("previews");
  await expectDeclared(await get("/api/v1/templates"), selfServiceRoutes.listTemplates);
  const environmentId = ((await (await get(`/api/v1/runs/${runId}`)).json()) as { environment: { id: string } })
    .environment.id;
  await expectDeclared(
    await request.delete(`/api/v1/environments/${environmentId}`, { headers: ADMIN }),
    selfServiceRoutes.destroyEnvironment,
  );

  await expectDeclared(await request.get("/api/health"), publicRoutes.health);
});

test("the incident, DORA, scorecard and initiative routes answer what their contracts declare", async ({ request }) => {
  test.setTimeout(90_000);
  const get = (path: string) => request.get(path, { headers: ADMIN });
  const incident = {
    id: "contracts-e2e-incident",
    service: "booking-service",
    environment: "staging",
    title: "Contracts check",
    severity: "low",
  };
  const opened = await request.post("/api/v1/incidents", { headers: ADMIN, data: incident });
  expect(opened.status()).toBe(201);
  await expectDeclared(opened, incidentRoutes.reportIncident);
  const closed = await request.post("/api/v1/incidents", { headers: ADMIN, data: { ...incident, status: "resolved" } });
  expect(closed.status()).toBe(200);
  await expectDeclared(closed, incidentRoutes.reportIncident);
  await expectDeclared(await get("/api/v1/incidents?limit=5"), incidentRoutes.listIncidents);
  await expectDeclared(await get("/api/v1/dora?service=booking-service&days=30"), incidentRoutes.dora);
  await expectDeclared(await get("/api/v1/dora?team=team-a&days=30"), incidentRoutes.dora);

  await expectDeclared(await get("/api/v1/scorecards"), scorecardRoutes.listScorecards);
  await expectDeclared(await get("/api/v1/scorecards/production-readiness?limit=5"), scorecardRoutes.getScorecard);
  const csv = await get("/api/v1/scorecards/production-readiness?format=csv");
  expect(csv.headers()["content-type"]).toContain("text/csv");
  await expectDeclared(
    await get("/api/v1/entities/component/default/booking-service/scorecards"),
    scorecardRoutes.entityScorecards,
  );
  const started = await request.post("/api/v1/initiatives", {
    headers: ADMIN,
    data: {
      name: "Contracts check",
      scorecard: "production-readiness",
      level: "bronze",
      services: { owners: ["team-a"] },
      owner: "team-a",
      deadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    },
  });
  const { id } = (await expectDeclared(started, scorecardRoutes.createInitiative)) as { id: string };
  await expectDeclared(await get("/api/v1/initiatives"), scorecardRoutes.listInitiatives);
  await expectDeclared(await get(`/api/v1/initiatives/${id}`), scorecardRoutes.getInitiative);
});
