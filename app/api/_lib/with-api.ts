import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/error-response";
import { clientIp } from "@/lib/http/client-ip";
import { assertCan, type Actor, type Permission } from "@/lib/auth/permissions";
import { actorFromToken } from "@/lib/auth/tokens";
import { getDb } from "@/lib/runtime/database";
import type { Db } from "@/db/client";
import { sessionActor } from "./session";

export type ApiContext<P> = { request: Request; actor: Actor; db: Db; params: P; ip: string | null };

async function resolveActor(request: Request, db: Db): Promise<Actor> {
  const header = request.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AppError("unauthorized:auth", "Use the header `Authorization: Bearer <token>`.");
    const actor = await actorFromToken(db, match[1]);
    if (!actor) throw new AppError("unauthorized:auth", "This token is unknown or revoked; create a new one under Admin → API tokens.");
    return actor;
  }
  const actor = await sessionActor();
  if (!actor) throw new AppError("unauthorized:auth", "Sign in, or send `Authorization: Bearer <token>`.");
  return actor;
}

/** Every API route goes through here: who is calling, may they, and errors as JSON. */
export function withApi<P = Record<string, never>>(
  permission: Permission,
  handler: (ctx: ApiContext<P>) => Promise<Response>,
) {
  return async (request: Request, context: { params: Promise<P> }) => {
    try {
      const db = await getDb();
      const actor = await resolveActor(request, db);
      assertCan(actor, permission);
      const ip = clientIp(request.headers);
      return await handler({ request, actor, db, params: await context.params, ip });
    } catch (error) {
      return errorResponse(error);
    }
  };
}
