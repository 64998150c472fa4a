// The contract of every HTTP entry point: method, path, who may call it, and the zod schemas its
// path, query and body are parsed with. Route files bind a handler to one contract (app/api/_lib/
// with-api.ts); the OpenAPI document, the route-file test and the authorization matrix read the
// same list, so an entry point cannot exist without a declared guard and input contract.
import type { z } from "zod";
import type { Permission } from "@/lib/access/permissions";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export type BodySpec =
  /** JSON parsed by the schema; an empty body is parsed as `undefined` (give the schema a default to allow it). */
  | { kind: "json"; schema: z.ZodType; limit?: number }
  /** Text (descriptor YAML/JSON, a signed webhook payload) handed to the handler as a string. */
  | { kind: "text"; limit?: number };

export type RouteAuth =
  /** Signed-in session or bearer token; the role and, for tokens, the scope must allow the permission. */
  | { permission: Permission }
  /** No portal identity; says what authenticates the call instead (a signature, a per-run token, nothing). */
  | { public: string };

export type RouteContract = {
  method: HttpMethod;
  /** OpenAPI-style path: `/api/v1/runs/{id}`. */
  path: string;
  summary: string;
  auth: RouteAuth;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: BodySpec;
};

export function defineRoute<const C extends RouteContract>(contract: C): C {
  return contract;
}

export type ParamsOf<C extends RouteContract> = C["params"] extends z.ZodType
  ? z.output<C["params"]>
  : Record<string, never>;
export type QueryOf<C extends RouteContract> = C["query"] extends z.ZodType
  ? z.output<C["query"]>
  : Record<string, never>;
export type BodyOf<C extends RouteContract> = C["body"] extends { kind: "json"; schema: infer S extends z.ZodType }
  ? z.output<S>
  : C["body"] extends { kind: "text" }
    ? string
    : undefined;
