// The OpenAPI 3.1 document of the HTTP API, served at /api/v1/openapi.json. Generated from the route
// contracts (lib/api/routes): paths and methods, parameters from the params/query schemas, the
// request body from the body schema, answers from the response schemas, security from the
// permission. Nothing is written twice, so the document cannot drift from what the routes parse and
// send. JSON Schema 2020-12 (OpenAPI 3.1's dialect) comes from zod's own toJSONSchema.
import { z } from "zod";
import { API_SCOPES } from "@/db/schema";
import { PERMISSIONS, PERMISSION_SCOPES, type Permission } from "@/lib/access/permissions";
import { errorBody } from "@/lib/http/error-response";
import type { ErrorStatus, ResponseSpec, RouteContract } from "./contract";
import { ROUTE_GROUPS } from "./routes";

type JsonSchema = { [key: string]: unknown };
/** Named schemas (`.meta({ id })`) found while converting, for components.schemas. */
type Components = Map<string, JsonSchema>;

const COMPONENTS = "#/components/schemas/";

/**
 * A zod schema as JSON Schema, the side on the wire: the input of a schema is what a client sends
 * (requests) or reads (responses, see lib/wire.ts). Transforms and refinements have no JSON Schema
 * and are left out (`unrepresentable: "any"`); what they check is in the 400's message instead.
 */
export function wireSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io: "input",
    target: "draft-2020-12",
    unrepresentable: "any",
  }) as JsonSchema;
  return rest;
}

/** `wireSchema` with its named parts moved into components and referred to from there. */
function documented(schema: z.ZodType, components: Components): JsonSchema {
  const { $defs, ...rest } = wireSchema(schema) as JsonSchema & { $defs?: Record<string, JsonSchema> };
  for (const [id, definition] of Object.entries($defs ?? {})) {
    const moved = repointRefs(definition);
    const known = components.get(id);
    if (known && JSON.stringify(known) !== JSON.stringify(moved))
      throw new Error(`Two different schemas are both named ${id}: give one another id.`);
    components.set(id, moved);
  }
  return repointRefs(rest);
}

function repointRefs<T>(value: T): T {
  if (Array.isArray(value)) return value.map(repointRefs) as T;
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [
        key,
        key === "$ref" && typeof v === "string" ? v.replace(/^#\/\$defs\//, COMPONENTS) : repointRefs(v),
      ]),
    ) as T;
  return value;
}

/** One OpenAPI parameter per property of a params or query object schema. */
function parameters(schema: z.ZodType, where: "path" | "query", components: Components): JsonSchema[] {
  const json = documented(schema, components) as { properties?: Record<string, JsonSchema>; required?: string[] };
  if (!json.properties) throw new Error(`A ${where} schema must be an object of named parameters.`);
  return Object.entries(json.properties).map(([name, property]) => {
    const { description, ...rest } = property;
    // A catch-all segment ([...id]) is parsed as its parts; on the wire it is one string with slashes.
    const value = where === "path" && rest.type === "array" ? { type: "string" } : rest;
    return {
      name,
      in: where,
      required: where === "path" || (json.required ?? []).includes(name),
      ...(description ? { description } : {}),
      ...(where === "path" && rest.type === "array" ? { description: "May contain slashes." } : {}),
      schema: value,
    };
  });
}

function requestBody(contract: RouteContract, components: Components): JsonSchema | undefined {
  const body = contract.body;
  if (!body) return undefined;
  if (body.kind === "text")
    return {
      required: true,
      content: Object.fromEntries((body.mediaTypes ?? ["text/plain"]).map((m) => [m, { schema: { type: "string" } }])),
    };
  return {
    // An empty body is parsed as undefined: optional when the schema accepts that.
    required: !body.schema.safeParse(undefined).success,
    content: { "application/json": { schema: documented(body.schema, components) } },
  };
}

const ERROR_TEXT: Record<ErrorStatus, string> = {
  400: "The request is malformed; the message (and `details`, per field) says what to fix.",
  401: "No valid session or bearer token.",
  403: "The role or the token's scopes do not allow this (or, for a public route, its credential is wrong).",
  404: "Not found.",
  409: "Conflicts with the current state.",
  413: "The body is larger than this route accepts.",
  422: "The input is well-formed but cannot be used; the message says why.",
  429: "Too many requests; try again later.",
  503: "A service this needs (the database, GitHub) is not configured or not reachable; the message says which.",
};

/** The errors a contract implies (input → 400, a body → 413, a permission → 401/403/503) and those it declares. */
function errorStatuses(contract: RouteContract): ErrorStatus[] {
  const statuses = new Set<ErrorStatus>(contract.errors ?? []);
  if (contract.params || contract.query || contract.body) statuses.add(400);
  if (contract.body) statuses.add(413);
  if ("permission" in contract.auth) [401, 403, 503].forEach((s) => statuses.add(s as ErrorStatus));
  return [...statuses].sort();
}

/** A success answer's media types: its own, then the alternatives the request may choose. */
function content(schema: z.ZodType, spec: ResponseSpec, components: Components): JsonSchema {
  return Object.fromEntries(
    [{ mediaType: spec.mediaType ?? "application/json", schema }, ...(spec.alternatives ?? [])].map((m) => [
      m.mediaType,
      { schema: documented(m.schema, components) },
    ]),
  );
}

function responses(contract: RouteContract, components: Components): JsonSchema {
  const success = Object.entries(contract.responses ?? { 200: { description: "Success (no schema declared)." } });
  const errors = errorStatuses(contract).map((status) => [
    String(status),
    { description: ERROR_TEXT[status], content: { "application/json": { schema: { $ref: `${COMPONENTS}Error` } } } },
  ]);
  // A status the contract declares itself (health's 503) wins over the shared error body.
  return Object.fromEntries([
    ...errors,
    ...success.map(([status, spec]) => [
      status,
      {
        description: spec.description,
        ...(spec.schema ? { content: content(spec.schema, spec, components) } : {}),
      },
    ]),
  ]);
}

function permissionText(permission: Permission): string {
  return `Needs the permission \`${permission}\`: roles ${PERMISSIONS[permission].join(", ")}; an API token also needs the scope \`${PERMISSION_SCOPES[permission]}\`.`;
}

function operation(tag: string, operationId: string, contract: RouteContract, components: Components): JsonSchema {
  const auth = contract.auth;
  const security =
    "permission" in auth
      ? { security: [{ bearer: [PERMISSION_SCOPES[auth.permission]] }, { session: [] }] }
      : { security: [] };
  const authText = "permission" in auth ? permissionText(auth.permission) : `No portal identity: ${auth.public}.`;
  const params = [
    ...(contract.params ? parameters(contract.params, "path", components) : []),
    ...(contract.query ? parameters(contract.query, "query", components) : []),
  ];
  const body = requestBody(contract, components);
  return {
    tags: [tag],
    operationId,
    summary: contract.summary,
    description: [contract.description, authText].filter(Boolean).join("\n\n"),
    ...("permission" in auth ? { "x-portolan-permission": auth.permission } : {}),
    ...security,
    ...(params.length ? { parameters: params } : {}),
    ...(body ? { requestBody: body } : {}),
    responses: responses(contract, components),
  };
}

/** The document for a set of contracts by area (tag) and name (operationId). */
export function buildOpenApiDocument(groups: Record<string, Record<string, RouteContract>>) {
  const components: Components = new Map();
  documented(errorBody, components);
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const [tag, group] of Object.entries(groups))
    for (const [name, contract] of Object.entries(group)) {
      const method = contract.method.toLowerCase();
      paths[contract.path] ??= {};
      if (paths[contract.path][method]) throw new Error(`${contract.method} ${contract.path} is declared twice.`);
      paths[contract.path][method] = operation(tag, name, contract, components);
    }
  return {
    openapi: "3.1.0" as const,
    info: {
      title: "Portolan API",
      version: "1.0.0",
      description: `The catalog of services, owners and relations, their deliveries, and self-service environments. Authenticate with \`Authorization: Bearer <token>\` (tokens are created by admins under Admin → API tokens) or a signed-in session (writes from a session must be same-origin). A token acts with its role, limited to its scopes (${API_SCOPES.map((s) => `\`${s}\``).join(", ")}; \`admin\` = all), until it expires. Each operation says which permission it needs. Errors are always the \`Error\` body.`,
    },
    servers: [{ url: "/" }],
    tags: Object.keys(groups).map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "An API token; its scopes are listed per operation." },
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token", description: "A signed-in session." },
      },
      schemas: Object.fromEntries([...components].sort(([a], [b]) => a.localeCompare(b))),
    },
  };
}

export const openApiDocument = buildOpenApiDocument(ROUTE_GROUPS);
