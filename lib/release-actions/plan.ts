// From an action and its parameters to what will be deployed where: the version live in the
// source (promote), the previous successful one (rollback) or the live one (redeploy). Refusals
// say what is missing; a source environment that is down refuses a promotion.
import type { DbOrTx } from "@/db/client";
import { AppError } from "@/lib/errors";
import { BUILT_IN_ACTIONS, type BuiltInAction } from "./built-in";
import { findEnvironment, successfulVersions, versionOf, type ServiceTarget } from "./target";

export type ActionPlan = {
  action: BuiltInAction;
  environment: string;
  from: string | null;
  version: string;
  /** What is live in the target environment now (the compare's base). */
  current: string | null;
  parameters: Record<string, unknown>;
};

function invalid(issues: { path: PropertyKey[]; message: string }[]): never {
  const errors = issues.map((i) => ({ field: i.path.map(String).join(".") || "parameters", message: i.message }));
  throw new AppError(
    "unprocessable:parameters",
    `Check the form: ${errors.map((e) => `${e.field} ${e.message}`).join("; ")}.`,
    errors,
  );
}

export async function planAction(
  db: DbOrTx,
  action: BuiltInAction,
  target: ServiceTarget,
  raw: Record<string, unknown>,
): Promise<ActionPlan> {
  const parsed = BUILT_IN_ACTIONS[action].parameters.safeParse(raw);
  if (!parsed.success) invalid(parsed.error.issues);
  const parameters = parsed.data as Record<string, string | undefined>;
  const liveIn = (name: string) => {
    const env = findEnvironment(target, name);
    return { env, version: versionOf(env?.live ?? null) };
  };

  if (action === "promote") {
    const from = liveIn(parameters.from!);
    const to = liveIn(parameters.to!);
    if (!from.env)
      throw new AppError("unprocessable:parameters", `${target.ref} has never been deployed to "${parameters.from}".`, [
        { field: "from", message: "unknown environment" },
      ]);
    // Required health: never promote what is failing where it runs now.
    if (from.env.health.state === "down")
      throw new AppError(
        "conflict:unhealthy",
        `${parameters.from} is down (${from.env.health.reason}); promotion is refused while the source environment is down.`,
        [{ field: "from", message: "the source environment is down", health: from.env.health }],
      );
    const version = parameters.version ?? from.version;
    if (!version)
      throw new AppError("conflict:nothing-live", `Nothing is live in ${from.env.name} to promote; name a version.`, [
        { field: "version", message: "nothing live in the source environment" },
      ]);
    return {
      action,
      environment: to.env?.name ?? parameters.to!,
      from: from.env.name,
      version,
      current: to.version,
      parameters,
    };
  }

  const environment = liveIn(parameters.environment!);
  if (!environment.env || !environment.version)
    throw new AppError(
      "conflict:nothing-live",
      `Nothing is live in "${parameters.environment}" for ${target.ref}; there is nothing to ${action === "rollback" ? "roll back" : "redeploy"}.`,
      [{ field: "environment", message: "nothing live there" }],
    );
  if (action === "redeploy")
    return {
      action,
      environment: environment.env.name,
      from: null,
      version: environment.version,
      current: environment.version,
      parameters,
    };
  const previous = (await successfulVersions(db, target.ref, environment.env.name)).find(
    (v) => v !== environment.version,
  );
  if (!previous)
    throw new AppError(
      "conflict:nothing-live",
      `${environment.env.name} has no earlier successful version than ${environment.version} to roll back to.`,
      [{ field: "environment", message: "no previous successful deployment" }],
    );
  return {
    action,
    environment: environment.env.name,
    from: null,
    version: previous,
    current: environment.version,
    parameters,
  };
}
