import { z } from "zod";

/** POST /api/v1/runs and the self-service form; entity, environment and overrideFreeze are for release actions. */
export const createRunBody = z.object({
  template: z.string().trim().min(1, "name a template (its name or entity ref)"),
  parameters: z.record(z.string(), z.unknown()).default({}),
  /** The service a release action (promote, rollback, redeploy) deploys: its entity ref. */
  entity: z.string().trim().min(1).max(300).optional(),
  /** The environment, when the parameters do not name it. */
  environment: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, "an environment name: letters, digits, '.', '_' or '-'")
    .optional(),
  /** The release (its tag) an action template with `target.on: release` acts on, when the parameters do not name it. */
  release: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._/+-]{0,199}$/, "a release tag (letters, digits, . _ / + -)")
    .optional(),
  /** Deploy during a freeze window anyway (admins only): the reason, audited. */
  overrideFreeze: z.string().trim().min(3, "give a reason of at least 3 characters").max(500).optional(),
});

export const approvalBody = z.object({ comment: z.string().max(2000).optional() });
export const extendBody = z.object({
  hours: z
    .number()
    .positive()
    .max(24 * 30)
    .optional(),
});
export const eventsQuery = z.object({ after: z.coerce.number().int().min(0).default(0) });
export const environmentsQuery = z.object({
  all: z.enum(["true", "false"]).optional(),
  includeDestroyed: z.enum(["true", "false"]).optional(),
  service: z.string().optional(),
});

/** A template's name (metadata.name) or its catalog ref, as it appears in /api/v1/templates/{name}/…. */
export const templateNameParam = z.string().trim().min(1, "name a template").max(300, "at most 300 characters");

/** POST /api/v1/templates/{name}/publish: the hash of the version the admin reviewed (refused if it changed since). */
export const publishTemplateBody = z.object({
  hash: z
    .string()
    .regex(/^[0-9a-f]{64}$/, "the version's sha256 hash, as GET /api/v1/templates/{name}/… shows it")
    .optional(),
});
