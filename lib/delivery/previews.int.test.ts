import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import type { Actor } from "@/lib/access/permissions";
import { importDescriptors } from "@/lib/catalog/import-descriptors";
import { insertPreview } from "@/lib/provisioning/testing";
import { environmentsMatrixWithPreviews, previewsByService } from "./previews";
import { recordDeployment } from "./record-deployment";

const admin: Actor = { kind: "system", name: "test", role: "admin" };
const viewer: Actor = { kind: "token", id: "t2", name: "reader", role: "viewer", scopes: ["catalog:read"] };
const CATALOG = ["payments", "search"]
  .map(
    (name) =>
      `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: ${name} }\nspec: { type: service, lifecycle: production, owner: team-a }\n`,
  )
  .join("---\n");

describe.each(testDatabases())("previews beside delivery environments on $name", (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open();
    const { db } = database;
    await importDescriptors(db, admin, {
      location: { id: "test", type: "api", target: "test" },
      text: CATALOG,
      source: "c.yaml",
    });
    for (const service of ["payments", "search"]) {
      await recordDeployment(db, admin, {
        id: `d-${service}`,
        service,
        environment: "production",
        version: "1.0.0",
        status: "success",
      });
    }
    await insertPreview(db, "pay-ann", "component:default/payments", "ann", "ready");
    await insertPreview(db, "pay-bob", "component:default/payments", "bob", "provisioning");
    await insertPreview(db, "pay-old", "component:default/payments", "ann", "destroyed");
    await insertPreview(db, "search-cy", "component:default/search", "cy", "failed");
  });
  afterAll(async () => database?.close());

  it("lists every owner's previews of a service that are not destroyed, the URL only when ready", async () => {
    const byService = await previewsByService(database.db, viewer, ["component:default/payments"]);
    expect(Object.keys(byService)).toEqual(["component:default/payments"]);
    const previews = byService["component:default/payments"];
    expect(previews.map((p) => p.name).sort()).toEqual(["pay-ann", "pay-bob"]);
    expect(previews.find((p) => p.name === "pay-ann")).toMatchObject({
      owner: "user:ann",
      status: "ready",
      url: "http://127.0.0.1:4100",
      branch: "feature/x",
    });
    expect(previews.find((p) => p.name === "pay-bob")?.url).toBeNull();
  });

  it("puts each service's previews beside its row of the matrix", async () => {
    const matrix = await environmentsMatrixWithPreviews(database.db, viewer);
    expect(matrix.services.map((s) => s.ref)).toEqual(["component:default/payments", "component:default/search"]);
    expect(matrix.previews["component:default/payments"]).toHaveLength(2);
    expect(matrix.previews["component:default/search"].map((p) => [p.name, p.status])).toEqual([
      ["search-cy", "failed"],
    ]);
    expect(matrix.cells.find((c) => c.service === "component:default/search")?.live?.version).toBe("1.0.0");
  });
});
