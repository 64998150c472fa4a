import { describe, expect, it } from "vitest";
import { notificationRoutes, releaseActionRoutes } from "./routes";
import { openApiDocument } from "./openapi";

describe("the OpenAPI document", () => {
  it("lists every release-action and notification route with its method", () => {
    const paths = openApiDocument.paths as Record<string, Record<string, unknown>>;
    for (const route of [...Object.values(releaseActionRoutes), ...Object.values(notificationRoutes)]) {
      expect(paths[route.path]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toBeDefined();
    }
  });

  it("describes the release-action extras of POST /api/v1/runs", () => {
    const body = openApiDocument.paths["/api/v1/runs"].post.requestBody.content["application/json"].schema;
    expect(Object.keys(body.properties)).toEqual(
      expect.arrayContaining(["template", "parameters", "entity", "environment", "overrideFreeze"]),
    );
  });
});
