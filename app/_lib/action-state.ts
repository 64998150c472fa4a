import { isAppError } from "@/lib/errors";

/** What a server action hands back to its form (via useActionState): expected failures are values. */
export type ActionState<T = undefined> =
  { status: "idle" } | { status: "ok"; message: string; data?: T } | { status: "error"; message: string };

export const IDLE: ActionState<never> = { status: "idle" };

/** Turns an expected failure (AppError) into a message for the form; anything else is a bug and rethrows. */
export function actionError(error: unknown): { status: "error"; message: string } {
  if (isAppError(error)) return { status: "error", message: error.message };
  throw error;
}

/** The first problem zod found, phrased for a person. */
export function invalidInput(issues: { path: PropertyKey[]; message: string }[]): { status: "error"; message: string } {
  const first = issues[0];
  const field = first?.path.map(String).join(".");
  return {
    status: "error",
    message: first ? `${field ? `${field}: ` : ""}${first.message}` : "The form was not filled in correctly.",
  };
}
