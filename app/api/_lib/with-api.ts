import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/error-response";
import { BODY_LIMITS, assertStorableText, parseJsonBody, readBodyText } from "@/lib/http/read-body";
import { assertSameOriginWrite } from "@/lib/http/same-origin";
import { clientIp } from "@/lib/http/client-ip";
import { tokenFromHeader } from "@/lib/http/authorization";
import { searchParamsToObject } from "@/lib/catalog/schemas";
import { assertCan, type Actor, type Permission } from "@/lib/access/permissions";
import { actorFromToken } from "@/lib/auth/tokens";
import type { BodyOf, ParamsOf, QueryOf, ReplyBody, ReplyStatus, RouteContract } from "@/lib/api/contract";
import { getDb } from "@/lib/server/database";
import { traceRequest } from "@/lib/observability/request";
import type { Db } from "@/db/client";
import { JsonText } from "@/lib/wire";
import { sessionActor } from "./session";

type Parsed<C extends RouteContract> = { params: ParamsOf<C>; query: QueryOf<C>; body: BodyOf<C> };
/** Answers JSON with one of the contract's statuses; the body must fit that status's schema (checked by tsc). */
type Reply<C extends RouteContract> = <S extends ReplyStatus<C>>(
  status: S,
  body: ReplyBody<C, S> | JsonText<ReplyBody<C, S>>,
  headers?: HeadersInit,
) => Response;
export type PublicContext<C extends RouteContract> = Parsed<C> & {
  request: Request;
  ip: string | null;
  reply: Reply<C>;
};
export type ApiContext<C extends RouteContract> = PublicContext<C> & { actor: Actor; db: Db };

type NextContext = { params: Promise<Record<string, string | string[]>> };
type Guarded = RouteContract & { auth: { permission: unknown } };
type Public = RouteContract & { auth: { public: string } };

/** Who is calling: a bearer token, or the session cookie (then writes must be same-origin). */
async function resolveActor(request: Request, db: Db): Promise<Actor> {
  const header = request.headers.get("authorization");
  if (header) {
    const token = tokenFromHeader(header);
    if (!token) throw new AppError("unauthorized:auth", "Use the header `Authorization: Bearer <token>`.");
    const actor = await actorFromToken(db, token);
    if (!actor)
      throw new AppError(
        "unauthorized:auth",
        "This token is unknown or revoked; create a new one under Admin → API tokens.",
      );
    return actor;
  }
  const actor = await sessionActor();
  if (!actor) throw new AppError("unauthorized:auth", "Sign in, or send `Authorization: Bearer <token>`.");
  assertSameOriginWrite(request);
  return actor;
}

function reply(status: number, body: unknown, headers?: HeadersInit): Response {
  if (!(body instanceof JsonText)) return Response.json(body, { status, headers });
  const all = new Headers(headers);
  if (!all.has("content-type")) all.set("content-type", "application/json");
  return new Response(body.text, { status, headers: all });
}

/** Path, query and body through the contract's schemas; anything malformed is a 4xx naming the field. */
async function parseInput<C extends RouteContract>(
  contract: C,
  request: Request,
  context: NextContext,
): Promise<Parsed<C>> {
  const rawParams = await context.params;
  const rawQuery = searchParamsToObject(new URL(request.url).searchParams);
  assertStorableText(rawParams, "path");
  assertStorableText(rawQuery, "query");
  const params = contract.params ? contract.params.parse(rawParams) : {};
  const query = contract.query ? contract.query.parse(rawQuery) : {};
  let body: unknown;
  if (contract.body) {
    const text = await readBodyText(request, contract.body.limit ?? BODY_LIMITS.default);
    body = contract.body.kind === "text" ? text : contract.body.schema.parse(parseJsonBody(text));
  }
  return { params, query, body } as Parsed<C>;
}

/**
 * Every authenticated route goes through here: who is calling and may they (role and token scope),
 * same-origin for cookie writes, then the contract's input schemas, then the handler; every failure
 * becomes JSON in one place. The body is read only after the caller is known, and never past its limit.
 */
export function withApi<C extends Guarded>(contract: C, handler: (ctx: ApiContext<C>) => Promise<Response>) {
  return async (request: Request, context: NextContext) =>
    traceRequest(request, contract, async () => {
      try {
        const db = await getDb();
        const actor = await resolveActor(request, db);
        assertCan(actor, contract.auth.permission as Permission);
        const input = await parseInput(contract, request, context);
        return await handler({ ...input, request, actor, db, ip: clientIp(request.headers), reply });
      } catch (error) {
        return errorResponse(error);
      }
    });
}

/** Routes authenticated by something other than a portal identity (a signature, a per-run token): same parsing and limits. */
export function withPublicApi<C extends Public>(contract: C, handler: (ctx: PublicContext<C>) => Promise<Response>) {
  return async (request: Request, context: NextContext) =>
    traceRequest(request, contract, async () => {
      try {
        const input = await parseInput(contract, request, context);
        return await handler({ ...input, request, ip: clientIp(request.headers), reply });
      } catch (error) {
        return errorResponse(error);
      }
    });
}
