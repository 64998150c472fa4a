import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import type { Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import type { Actor } from "@/lib/access/permissions";
import { importDescriptors } from "@/lib/catalog/import-descriptors";
import { getCatalogLocation, listCatalogLocations } from "@/lib/catalog/location-queries";
import { getEntity, listEntities } from "@/lib/catalog/queries";
import { environmentsMatrixWithPreviews } from "@/lib/delivery/previews";
import { listDeployments } from "@/lib/delivery/queries";
import { recordDeployment } from "@/lib/delivery/record-deployment";
import { environmentsOfService } from "@/lib/delivery/service-environments";
import { listSelfServiceEnvironments } from "@/lib/provisioning/queries";
import type { RouteContract } from "./contract";
import { catalogRoutes, deliveryRoutes } from "./routes";

// What the lib functions behind the routes return, read through the response schemas the routes
// declare (and the document publishes). The types already agree (handlers reply through them); this
// checks the values: ISO dates, integers, enums, formats. e2e/api-contracts.spec.ts does the same over HTTP.

const admin: Actor = { kind: "system", name: "test", role: "admin" };

function expectAnswer(contract: RouteContract, status: number, value: unknown) {
  const schema = contract.responses?.[status]?.schema as z.ZodType;
  const parsed = schema.safeParse(JSON.parse(JSON.stringify(value)));
  expect(parsed.success ? [] : parsed.error.issues, `${contract.method} ${contract.path}`).toEqual([]);
}

const CATALOG = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-a }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: payments, tags: [java] }
spec: { type: service, lifecycle: production, owner: team-a }
---
kind: Broken
`;

describe.each(testDatabases())("route answers from the lib on $name", (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open();
    await importDescriptors(database.db, admin, {
      location: { id: "answers", type: "api", target: "answers" },
      text: CATALOG,
      source: "answers.yaml",
    });
    await recordDeployment(database.db, admin, {
      id: "answers-1",
      service: "payments",
      environment: "production",
      version: "v1.0.0",
      status: "success",
      startedAt: "2026-01-02T03:04:05Z",
    });
  });
  afterAll(async () => database?.close());

  it("catalog entities and locations fit their declared schemas", async () => {
    const db = database.db;
    const page = await listEntities(db, catalogRoutes.listEntities.query.parse({}));
    expect(page.items.length).toBeGreaterThan(1);
    expectAnswer(catalogRoutes.listEntities, 200, page);
    expectAnswer(catalogRoutes.getEntity, 200, await getEntity(db, "component:default/payments"));
    const locations = await listCatalogLocations(db, admin, catalogRoutes.listLocations.query.parse({}));
    expect(locations.items.some((l) => l.errorCount > 0)).toBe(true);
    expectAnswer(catalogRoutes.listLocations, 200, locations);
    expectAnswer(catalogRoutes.getLocation, 200, await getCatalogLocation(db, admin, "answers"));
  });

  it("deployments, a service's environments and the matrix fit their declared schemas", async () => {
    const db = database.db;
    const deployments = await listDeployments(db, deliveryRoutes.listDeployments.query.parse({}));
    expect(deployments.items).toHaveLength(1);
    expectAnswer(deliveryRoutes.listDeployments, 200, deployments);
    const items = await environmentsOfService(db, "payments");
    expect(items[0].live?.version).toBe("v1.0.0");
    const previews = await listSelfServiceEnvironments(db, admin, { component: "component:default/payments" });
    expectAnswer(deliveryRoutes.listEnvironments, 200, { items, previews });
    expectAnswer(deliveryRoutes.environmentsMatrix, 200, await environmentsMatrixWithPreviews(db, admin, {}));
  });

  it("refuses a value that breaks the schema, so the checks above can fail", () => {
    const schema = deliveryRoutes.listDeployments.responses[200].schema;
    expect(schema.safeParse({ items: [{ id: 1.5 }], nextCursor: null }).success).toBe(false);
  });
});
