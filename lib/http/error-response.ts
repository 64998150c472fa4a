import { z, ZodError } from "zod";
import { isTransactionConflict, isTransientDatabaseError } from "@/db/client";
import { DataDirLockedError } from "@/db/lock";
import { describeError, isAppError, statusOf } from "@/lib/errors";

/** The one error body of every route; the OpenAPI document refers to it as `Error`. */
export const errorBody = z
  .object({
    error: z.object({
      code: z
        .string()
        .meta({ description: "`type:surface`, e.g. `bad_request:catalog`.", example: "not_found:entity" }),
      message: z.string().meta({ description: "What went wrong and what to do about it." }),
      details: z
        .array(z.looseObject({ field: z.string().optional(), message: z.string() }))
        .meta({ description: "One entry per field to fix, when the input was wrong." }),
    }),
  })
  .meta({ id: "Error" });
type ErrorBody = z.output<typeof errorBody>;

export function jsonError(
  status: number,
  code: string,
  message: string,
  details: ErrorBody["error"]["details"] = [],
): Response {
  return Response.json({ error: { code, message, details } } satisfies ErrorBody, { status });
}

/**
 * Maps every failure to JSON in one place: AppErrors by their code, zod errors as 400 with the
 * fields to fix, a busy embedded database or a database that cannot be reached (restart, failover,
 * statement timeout) as 503; anything else is logged and stays opaque.
 */
export function errorResponse(error: unknown): Response {
  if (isAppError(error)) return jsonError(statusOf(error), error.code, error.message, error.details);
  if (error instanceof ZodError) {
    const details = error.issues.map((i) => ({ field: i.path.join("."), message: i.message }));
    const summary = details.map((d) => `${d.field || "body"}: ${d.message}`).join("; ");
    return jsonError(400, "bad_request:api", `Invalid request: ${summary}`, details);
  }
  if (error instanceof DataDirLockedError) return jsonError(503, "unavailable:database", error.message);
  if (isTransactionConflict(error)) {
    console.warn("[portolan] transaction conflict:", describeError(error));
    return jsonError(
      503,
      "unavailable:database",
      "This write collided with others made at the same time and was undone; try again in a moment.",
    );
  }
  if (isTransientDatabaseError(error)) {
    console.warn("[portolan] database unavailable:", describeError(error));
    return jsonError(
      503,
      "unavailable:database",
      "The database cannot be reached right now (restarting or overloaded); try again in a moment.",
    );
  }
  console.error("[portolan] unexpected error", error);
  return jsonError(500, "internal:api", "Something went wrong on our side; the error was logged.");
}
