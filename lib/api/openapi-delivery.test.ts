import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";

const routes = (area: string) =>
  (fs.readdirSync(path.join(process.cwd(), "app/api/v1", area), { recursive: true, encoding: "utf8" }) as string[])
    .filter((f) => f.endsWith("route.ts"))
    .map((f) => `/api/v1/${area}/${path.dirname(f)}`.replace(/\/\.$/, "").replace(/\[(\w+)\]/g, "{$1}"));

describe("the OpenAPI document, delivery", () => {
  it("lists every deployments and releases route with its methods", () => {
    const paths = openApiDocument.paths as Record<string, Record<string, unknown>>;
    for (const route of [...routes("deployments"), ...routes("releases")])
      expect(Object.keys(paths), route).toContain(route);
    expect(Object.keys(paths["/api/v1/deployments"]).sort()).toEqual(["get", "post"]);
  });

  it("describes GET /api/v1/environments?service= as deployed environments plus previews", () => {
    const get = openApiDocument.paths["/api/v1/environments"].get;
    const shapes = (
      get.responses["200"].content["application/json"].schema as {
        oneOf: { properties: Record<string, { items: { $ref: string } }> }[];
      }
    ).oneOf;
    const withService = shapes.find((s) => "previews" in s.properties);
    expect(withService?.properties.items.items.$ref).toBe("#/components/schemas/ServiceEnvironment");
    expect(withService?.properties.previews.items.$ref).toBe("#/components/schemas/SelfServiceEnvironment");
    expect(get.parameters.map((p) => (p as { name: string }).name)).toContain("service");
    expect(openApiDocument.components.schemas).toHaveProperty("SelfServiceEnvironment");
  });
});
