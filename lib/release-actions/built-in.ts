// The built-in release actions: their names, titles, parameters (zod: a 422 names the field) and
// what they target. Anything beyond these three is a template (lib/provisioning).
import { z } from "zod";

/** Environment names and versions go into workflow inputs and HTTP bodies: plain tokens only. */
const environmentName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, "an environment name: letters, digits, '.', '_' or '-'");
const version = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/+-]{0,199}$/, "a version, tag, branch or commit (letters, digits, . _ / + -)");

export const promoteParameters = z
  .object({ from: environmentName, to: environmentName, version: version.optional() })
  .refine((p) => p.from.toLowerCase() !== p.to.toLowerCase(), { message: "from and to must differ", path: ["to"] });
export const environmentParameters = z.object({ environment: environmentName });

export const BUILT_IN_ACTIONS = {
  promote: {
    title: "Promote",
    description: "Deploy the version live in one environment (or a named one) to another.",
    parameters: promoteParameters,
  },
  rollback: {
    title: "Roll back",
    description: "Deploy the previous successful version of an environment again.",
    parameters: environmentParameters,
  },
  redeploy: {
    title: "Redeploy",
    description: "Deploy the version live in an environment again.",
    parameters: environmentParameters,
  },
} as const;

export type BuiltInAction = keyof typeof BUILT_IN_ACTIONS;

export function isBuiltInAction(name: string): name is BuiltInAction {
  return Object.hasOwn(BUILT_IN_ACTIONS, name);
}
