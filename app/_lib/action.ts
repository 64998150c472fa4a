import type { z } from "zod";
import type { Db } from "@/db/client";
import type { Actor, Permission } from "@/lib/auth/permissions";
import { getDb } from "@/lib/runtime/database";
import { actionError, invalidInput, type ActionState } from "./action-state";
import { requireActor } from "./page-auth";

type Handler<S extends z.ZodType, T> = (input: z.output<S>, ctx: { actor: Actor; db: Db }) => Promise<ActionState<T>>;

/**
 * The one way a server action starts: the signed-in actor with the permission (else sign-in or the
 * forbidden page), the input through its zod schema (a form's fields, or the object a component
 * passes), then the use-case; expected failures come back as the form's message, not a throw.
 */
export function action<S extends z.ZodType, T = undefined>(permission: Permission, schema: S, handler: Handler<S, T>) {
  return async (_previous: ActionState<T>, payload?: FormData | unknown): Promise<ActionState<T>> => {
    const actor = await requireActor(permission);
    const raw = payload instanceof FormData ? Object.fromEntries(payload) : payload;
    const parsed = schema.safeParse(raw ?? {});
    if (!parsed.success) return invalidInput(parsed.error.issues);
    try {
      return await handler(parsed.data, { actor, db: await getDb() });
    } catch (error) {
      return actionError(error);
    }
  };
}
