import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";

const routes = (area: string) =>
  (fs.readdirSync(path.join(process.cwd(), "app/api/v1", area), { recursive: true, encoding: "utf8" }) as string[])
    .filter((f) => f.endsWith("route.ts"))
    .map((f) => `/api/v1/${area}/${path.dirname(f)}`.replace(/\/\.$/, "").replace(/\[(\w+)\]/g, "{$1}"));

describe("the OpenAPI document, incidents", () => {
  it("lists every incidents and integrations route with its methods", () => {
    const paths = openApiDocument.paths as Record<string, Record<string, unknown>>;
    for (const route of [...routes("incidents"), ...routes("integrations"), ...routes("dora")])
      expect(Object.keys(paths), route).toContain(route);
    expect(Object.keys(paths["/api/v1/incidents"]).sort()).toEqual(["get", "post"]);
    expect(Object.keys(paths["/api/v1/integrations/pagerduty"])).toEqual(["post"]);
    expect(openApiDocument.components.schemas).toHaveProperty("Incident");
  });
});
