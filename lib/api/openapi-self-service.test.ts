import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";

/** `app/api/v1/runs/[id]/cancel/route.ts` → `/api/v1/runs/{id}/cancel`. */
function routesUnder(area: string): string[] {
  const root = path.join(process.cwd(), "app/api/v1", area);
  return (fs.readdirSync(root, { recursive: true, encoding: "utf8" }) as string[])
    .filter((f) => f.endsWith("route.ts"))
    .map((f) => `/api/v1/${area}/${path.dirname(f)}`.replace(/\/\.$/, "").replace(/\[(\w+)\]/g, "{$1}"));
}

describe("the OpenAPI document", () => {
  it("lists every self-service route", () => {
    const paths = Object.keys(openApiDocument.paths);
    for (const area of ["templates", "runs", "environments", "services"]) {
      for (const route of routesUnder(area)) expect(paths, route).toContain(route);
    }
  });

  it("lets the callback in without a session or API token", () => {
    expect(openApiDocument.paths["/api/v1/runs/{id}/callback"].post.security).toEqual([]);
  });
});
