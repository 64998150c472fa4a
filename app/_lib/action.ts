import { headers } from "next/headers";
import { z } from "zod";
import type { Db } from "@/db/client";
import type { Actor, Permission } from "@/lib/access/permissions";
import { clientIp } from "@/lib/http/client-ip";
import { getDb } from "@/lib/server/database";
import { actionError, invalidInput, type ActionState } from "./action-state";
import { requireActor } from "./page-auth";

type Context = { db: Db; ip: string | null };
type Action<T> = (previous: ActionState<T>, payload?: FormData | unknown) => Promise<ActionState<T>>;

/** A form's fields as an object; a field sent several times (checkboxes) becomes an array. */
function formToObject(form: FormData): Record<string, FormDataEntryValue | FormDataEntryValue[]> {
  const out: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
  for (const key of new Set(form.keys())) {
    if (key.startsWith("$ACTION")) continue;
    const values = form.getAll(key);
    out[key] = values.length === 1 ? values[0] : values;
  }
  return out;
}

/** An API body's schema for a form: a field left blank is not given (the form cannot leave one out). */
export function blanksUnset<S extends z.ZodType>(schema: S) {
  return z.preprocess(
    (raw) =>
      raw && typeof raw === "object"
        ? Object.fromEntries(Object.entries(raw).filter(([, v]) => !(typeof v === "string" && v.trim() === "")))
        : raw,
    schema,
  );
}

async function run<S extends z.ZodType, T>(
  schema: S,
  payload: unknown,
  work: (input: z.output<S>, ctx: Context) => Promise<ActionState<T>>,
): Promise<ActionState<T>> {
  const parsed = schema.safeParse(payload instanceof FormData ? formToObject(payload) : (payload ?? {}));
  if (!parsed.success) return invalidInput(parsed.error.issues);
  try {
    return await work(parsed.data, { db: await getDb(), ip: clientIp(await headers()) });
  } catch (error) {
    return actionError(error);
  }
}

/**
 * The one way a server action starts: the signed-in actor with the permission (else sign-in or the
 * forbidden page), the input through its zod schema (a form's fields, or the object a component
 * passes), then the use-case; expected failures come back as the form's message, not a throw.
 */
export function action<S extends z.ZodType, T = undefined>(
  permission: Permission,
  schema: S,
  handler: (input: z.output<S>, ctx: Context & { actor: Actor }) => Promise<ActionState<T>>,
): Action<T> {
  return async (_previous, payload) => {
    const actor = await requireActor(permission);
    return run(schema, payload, (input, ctx) => handler(input, { ...ctx, actor }));
  };
}

/** For the few actions anyone may call (setup, invitation and reset links): the use-case checks the one-time secret. */
export function publicAction<S extends z.ZodType, T = undefined>(
  schema: S,
  handler: (input: z.output<S>, ctx: Context) => Promise<ActionState<T>>,
): Action<T> {
  return async (_previous, payload) => run(schema, payload, handler);
}
