import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";

const routes = (dir: string) =>
  (fs.readdirSync(path.join(process.cwd(), "app/api/v1", dir), { recursive: true, encoding: "utf8" }) as string[])
    .filter((f) => f.endsWith("route.ts"))
    .map((f) => `/api/v1/${dir}/${path.dirname(f)}`.replace(/\/\.$/, "").replace(/\[(\w+)\]/g, "{$1}"));

describe("the OpenAPI document, scorecards", () => {
  it("lists every scorecards route and an entity's scorecards", () => {
    const paths = Object.keys(openApiDocument.paths);
    for (const route of [
      ...routes("scorecards"),
      ...routes("initiatives"),
      "/api/v1/entities/{kind}/{namespace}/{name}/scorecards",
    ])
      expect(paths, route).toContain(route);
    expect(openApiDocument.components.schemas).toHaveProperty("ScorecardResult");
  });
});
