// The contract of every HTTP entry point: method, path, who may call it, the zod schemas its path,
// query and body are parsed with, and the schemas of what it answers. Route files bind a handler to
// one contract (app/api/_lib/with-api.ts); the OpenAPI document (lib/api/openapi.ts), the route-file
// test and the authorization matrix read the same list, so an entry point cannot exist without a
// declared guard and input contract, and the document cannot say something the code does not.
import type { z } from "zod";
import type { Permission } from "@/lib/access/permissions";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export type BodySpec =
  /** JSON parsed by the schema; an empty body is parsed as `undefined` (give the schema a default to allow it). */
  | { kind: "json"; schema: z.ZodType; limit?: number }
  /** Text (descriptor YAML/JSON, a signed webhook payload) handed to the handler as a string. */
  | {
      kind: "text";
      limit?: number;
      /** What the document says may be sent; text/plain if not given. */ mediaTypes?: string[];
    };

/**
 * One answer of a route. `schema` describes the body on the wire: its zod *input* is the JSON a client
 * reads (dates as ISO strings, see lib/wire.ts) and its *output* is what the handler passes to `reply`,
 * so the handler's data is type-checked against what the document promises.
 */
export type ResponseSpec = {
  description: string;
  schema?: z.ZodType;
  /** application/json if not given; `reply` only sends JSON. */
  mediaType?: string;
  /** The same answer in other media types, which the request chooses (a CSV export with format=csv); the handler sends those itself. */
  alternatives?: { mediaType: string; schema: z.ZodType }[];
};

/** Error statuses a route may answer besides those its contract implies (400 for input, 401/403 for a permission). */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503;

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
  /** Longer text for the document, when the summary is not enough. */
  description?: string;
  auth: RouteAuth;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: BodySpec;
  /** Success answers by status. */
  responses?: { [status: number]: ResponseSpec };
  errors?: ErrorStatus[];
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

type ResponsesOf<C extends RouteContract> = C["responses"] extends object ? C["responses"] : Record<never, never>;

/** Statuses of the contract's answers that carry a JSON schema: what `reply` may send. */
export type ReplyStatus<C extends RouteContract> = {
  [S in keyof ResponsesOf<C>]: ResponsesOf<C>[S] extends { schema: z.ZodType } ? S : never;
}[keyof ResponsesOf<C>] &
  number;

/** What the handler hands to `reply` for that status: the schema's output (Dates stay Dates until JSON). */
export type ReplyBody<C extends RouteContract, S extends ReplyStatus<C>> = ResponsesOf<C>[S] extends {
  schema: infer T extends z.ZodType;
}
  ? z.output<T>
  : never;
