import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineRoute } from "./contract";
import { buildOpenApiDocument, openApiDocument, wireSchema } from "./openapi";
import { API_ROUTES, ROUTE_GROUPS } from "./routes";

type Json = { [key: string]: unknown };
type Operation = {
  operationId: string;
  security: Json[];
  parameters?: { name: string; in: string; required: boolean; schema: Json }[];
  requestBody?: { required: boolean; content: Record<string, { schema: Json }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Json }> }>;
};

const doc = openApiDocument as unknown as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json> };
};
const operationOf = (method: string, path: string) => doc.paths[path]?.[method.toLowerCase()];

/** The document's schema with its component references put back in place, for comparison with zod's. */
function inline(schema: unknown, components: Record<string, unknown>): unknown {
  if (Array.isArray(schema)) return schema.map((s) => inline(s, components));
  if (schema && typeof schema === "object") {
    const { $ref, ...rest } = schema as Json;
    if (typeof $ref === "string") {
      const target = components[$ref.replace("#/components/schemas/", "")];
      expect(target, `${$ref} is in components.schemas`).toBeDefined();
      return { ...(inline(target, components) as Json), ...(inline(rest, components) as Json) };
    }
    return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, inline(v, components)]));
  }
  return schema;
}

/** zod's own JSON Schema with its $defs put back in place. */
function zodSchema(schema: z.ZodType): unknown {
  const { $defs, ...rest } = wireSchema(schema) as Json & { $defs?: Record<string, unknown> };
  const defs = $defs ?? {};
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve);
    if (value && typeof value === "object") {
      const { $ref, ...others } = value as Json;
      if (typeof $ref === "string" && $ref.startsWith("#/$defs/"))
        return { ...(resolve(defs[$ref.slice(8)]) as Json), ...(resolve(others) as Json) };
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
    }
    return value;
  };
  return resolve(rest);
}

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const result = await new Validator().validate(structuredClone(openApiDocument));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    // …and the validator does refuse a broken one.
    const broken = structuredClone(openApiDocument) as unknown as Json & { paths: Json };
    delete broken.info;
    broken.paths["/api/v1/entities"] = { get: { responses: "none" } };
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it("has every contract with its method, path and name, and nothing else", () => {
    for (const [group, routes] of Object.entries(ROUTE_GROUPS))
      for (const [name, contract] of Object.entries(routes)) {
        const op = operationOf(contract.method, contract.path);
        expect(op, `${contract.method} ${contract.path}`).toBeDefined();
        expect(op.operationId).toBe(name);
        expect((op as unknown as { tags: string[] }).tags).toEqual([group]);
      }
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(API_ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  it("documents each request body, path and query parameter as zod's JSON Schema of the contract's schema", () => {
    for (const route of API_ROUTES) {
      const op = operationOf(route.method, route.path);
      const where = `${route.method} ${route.path}`;
      if (route.body?.kind === "json")
        expect(inline(op.requestBody?.content["application/json"].schema, doc.components.schemas), where).toEqual(
          zodSchema(route.body.schema),
        );
      else if (route.body) expect(Object.values(op.requestBody!.content)[0].schema, where).toEqual({ type: "string" });
      else expect(op.requestBody, where).toBeUndefined();
      for (const [where_, schema] of [
        ["query", route.query],
        ["path", route.params],
      ] as const) {
        const documented = (op.parameters ?? []).filter((p) => p.in === where_);
        const properties = schema ? ((zodSchema(schema) as Json).properties as Record<string, Json>) : {};
        expect(documented.map((p) => p.name).sort(), `${where} ${where_}`).toEqual(Object.keys(properties).sort());
        for (const p of documented) {
          const { description: _d, ...expected } = properties[p.name];
          if (where_ === "path" && expected.type === "array") expect(p.schema).toEqual({ type: "string" });
          else expect(inline(p.schema, doc.components.schemas), `${where} ${p.name}`).toEqual(expected);
        }
      }
    }
  });

  it("documents each declared response as zod's JSON Schema of its schema, and every error as the Error body", () => {
    let checked = 0;
    for (const route of API_ROUTES) {
      const op = operationOf(route.method, route.path);
      for (const [status, spec] of Object.entries(route.responses ?? {})) {
        const content = op.responses[status].content;
        if (!spec.schema) continue;
        expect(inline(content?.[spec.mediaType ?? "application/json"].schema, doc.components.schemas)).toEqual(
          zodSchema(spec.schema),
        );
        // A schema that says nothing (z.unknown(), a z.date() JSON cannot carry) would let any body through.
        expect(Object.keys(zodSchema(spec.schema) as Json).length, `${route.path} ${status}`).toBeGreaterThan(0);
        for (const alternative of spec.alternatives ?? [])
          expect(inline(content?.[alternative.mediaType].schema, doc.components.schemas)).toEqual(
            zodSchema(alternative.schema),
          );
        checked++;
      }
      for (const [status, response] of Object.entries(op.responses))
        if (Number(status) >= 400 && !route.responses?.[Number(status)])
          expect(response.content?.["application/json"].schema, `${route.path} ${status}`).toEqual({
            $ref: "#/components/schemas/Error",
          });
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("has every contract declare what it answers on success, so a new route cannot go undocumented", () => {
    for (const route of API_ROUTES) {
      const statuses = Object.keys(route.responses ?? {}).map(Number);
      expect(
        statuses.filter((status) => status >= 200 && status < 300),
        `${route.method} ${route.path} declares no success response`,
      ).not.toEqual([]);
      for (const [status, spec] of Object.entries(route.responses ?? {}))
        if (Number(status) !== 204)
          expect(spec.schema, `${route.method} ${route.path} ${status} has no schema`).toBeDefined();
    }
    expect(JSON.stringify(openApiDocument)).not.toContain("no schema declared");
  });

  it("states the permission as the bearer scope, and lets public routes in without one", () => {
    for (const route of API_ROUTES) {
      const op = operationOf(route.method, route.path);
      if ("public" in route.auth) expect(op.security, route.path).toEqual([]);
      else {
        expect(op.security[0].bearer, route.path).toHaveLength(1);
        expect(op.responses).toHaveProperty("401");
        expect(op.responses).toHaveProperty("403");
      }
    }
    expect(operationOf("POST", "/api/v1/runs/{id}/callback").security).toEqual([]);
    expect(operationOf("POST", "/api/v1/deployments").security[0]).toEqual({ bearer: ["deployments:write"] });
  });

  it("slots a new contract in with its parameters, body and answers, and refuses two schemas under one name", () => {
    const item = z.object({ id: z.string(), at: z.iso.datetime() }).meta({ id: "TestItem" });
    const document = buildOpenApiDocument({
      test: {
        createItem: defineRoute({
          method: "POST",
          path: "/api/v1/items/{id}",
          summary: "Test.",
          auth: { permission: "catalog:write" },
          params: z.object({ id: z.uuid() }),
          query: z.object({ dryRun: z.enum(["true", "false"]).optional(), mode: z.string() }),
          body: { kind: "json", schema: z.object({ name: z.string() }) },
          responses: { 201: { description: "Created.", schema: item } },
          errors: [409],
        }),
      },
    }) as unknown as typeof doc;
    const op = document.paths["/api/v1/items/{id}"].post;
    expect(op.parameters?.map((p) => [p.name, p.in, p.required])).toEqual([
      ["id", "path", true],
      ["dryRun", "query", false],
      ["mode", "query", true],
    ]);
    expect(op.requestBody?.required).toBe(true);
    expect(op.responses["201"].content?.["application/json"].schema).toEqual({
      $ref: "#/components/schemas/TestItem",
    });
    expect(Object.keys(op.responses).sort()).toEqual(["201", "400", "401", "403", "409", "413", "503"]);
    expect(document.components.schemas.TestItem).toMatchObject({ required: ["id", "at"] });

    const other = z.object({ other: z.number() }).meta({ id: "TestItem" });
    expect(() =>
      buildOpenApiDocument({
        test: {
          a: defineRoute({ ...baseRoute, responses: { 200: { description: "a", schema: item } } }),
          b: defineRoute({ ...baseRoute, path: "/b", responses: { 200: { description: "b", schema: other } } }),
        },
      }),
    ).toThrow(/both named TestItem/);
  });
});

const baseRoute = { method: "GET", path: "/a", summary: "Test.", auth: { public: "nothing at all" } } as const;
