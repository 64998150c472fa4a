import { z } from "zod";
import { scheduleSchema } from "./sleep-schedule";
import type { TemplateTrust } from "./template-trust";

const duration = z.string().regex(/^\d+\s*(m|h|d)$/, "a duration like 30m, 4h or 2d");

export function durationSeconds(text: string): number {
  const match = /^(\d+)\s*(m|h|d)$/.exec(text.trim());
  if (!match) throw new Error(`not a duration: ${text}`);
  return Number(match[1]) * { m: 60, h: 3600, d: 86400 }[match[2] as "m" | "h" | "d"];
}

export const stepSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]+$/, "letters, digits, - and _"),
  name: z.string().optional(),
  action: z.string().min(1),
  input: z.record(z.string(), z.unknown()).default({}),
  if: z.union([z.string(), z.boolean()]).optional(),
});
export type TemplateStep = z.infer<typeof stepSchema>;

const parameterStep = z
  .object({
    title: z.string().optional(),
    properties: z.record(z.string(), z.unknown()).default({}),
    required: z.array(z.string()).optional(),
  })
  .loose();

/** The spec.type values Portolan runs: catalog Templates of other types (Backstage's service, website…) are not ours. */
export const PORTAL_TEMPLATE_TYPES = ["environment", "action"] as const;

/** One value or a list of them; a list matches any of its values. */
const oneOrMany = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .transform((v) => (Array.isArray(v) ? v : [v]));

/**
 * What an action template acts on (spec.type: action): a component, an environment of one, or one of
 * its releases (a release row's button; the run's `release.*` is that release), optionally narrowed by the component's kind, spec.type, lifecycle, owner and system (and, for an
 * environment target, the environment's name). `target: environment` is short for `{ on: environment }`.
 */
export const actionTargetSchema = z.preprocess(
  (v) => (typeof v === "string" ? { on: v } : v),
  z
    .object({
      on: z.enum(["component", "environment", "release"], {
        message: 'target.on must be "component", "environment" or "release"',
      }),
      kind: oneOrMany.optional(),
      type: oneOrMany.optional(),
      lifecycle: oneOrMany.optional(),
      owner: oneOrMany.optional(),
      system: oneOrMany.optional(),
      /** Environment targets only: the environment names it applies to (e.g. [staging, production]). */
      environment: oneOrMany.optional(),
    })
    .strict(),
);
export type ActionTarget = z.infer<typeof actionTargetSchema>;

/** Backstage's Template (scaffolder.backstage.io/v1beta3) with Portolan's environment and action extensions. */
export const templateSchema = z.object({
  apiVersion: z.literal("scaffolder.backstage.io/v1beta3"),
  kind: z.literal("Template"),
  metadata: z
    .object({
      name: z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, "lowercase letters, digits and -"),
      title: z.string().optional(),
      description: z.string().optional(),
      tags: z.array(z.string()).optional(),
    })
    .loose(),
  spec: z
    .object({
      type: z.enum(PORTAL_TEMPLATE_TYPES, {
        message: 'spec.type must be "environment" (self-service) or "action" (acts on a component or environment)',
      }),
      /** spec.type action: what it acts on (required there, refused on an environment template). */
      target: actionTargetSchema.optional(),
      owner: z.string().optional(),
      parameters: z.union([parameterStep, z.array(parameterStep)]).default([]),
      steps: z.array(stepSchema).min(1, "at least one step"),
      output: z
        .object({ links: z.array(z.object({ title: z.string().optional(), url: z.string() })).optional() })
        .loose()
        .optional(),
      /** Our extensions: what the environment is called and where it answers. */
      environment: z
        .object({
          name: z.string().default("${{ parameters.component | entityName }}-${{ parameters.branch | slug }}"),
          component: z.string().optional(),
          branch: z.string().optional(),
          url: z.string().optional(),
          /** Where health probes check a ready environment (default: its url). */
          healthUrl: z.string().optional(),
          ttl: z
            .object({ default: duration.default("4h"), max: duration.default("24h") })
            .default({ default: "4h", max: "24h" }),
          /** When its environments are awake (e.g. 07:00–20:00 on weekdays); asleep outside (sleep-schedule.ts). */
          schedule: scheduleSchema.optional(),
        })
        .default({
          name: "${{ parameters.component | entityName }}-${{ parameters.branch | slug }}",
          ttl: { default: "4h", max: "24h" },
        }),
      /**
       * One environment per pull request (pull-request-previews.ts): opened when a pull request to one of
       * these repositories' base branches opens (or gets the label), redeployed on push, destroyed on close.
       */
      pullRequests: z
        .object({
          repositories: z
            .array(z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, "owner/name of a GitHub repository"))
            .min(1, "name at least one repository (owner/name)"),
          baseBranches: z.array(z.string().min(1)).min(1).default(["main"]),
          /** Only pull requests with this label; from forks, only when someone with write access adds it. */
          label: z.string().min(1).max(100).optional(),
        })
        .strict()
        .optional(),
      /** What the template needs from the installation (`github`: a GitHub token or App; `containers`: an engine that answers); not offered without it. */
      requires: z.array(z.enum(["github", "containers"])).default([]),
      /** Steps run when the environment is destroyed (after each provision step's own cleanup, newest first). */
      teardown: z.array(stepSchema).default([]),
      guardrails: z
        .object({
          /** Roles (viewer, developer, admin) and groups (`group:default/x`) that may use it; empty = anyone with selfservice:use. */
          allowed: z
            .object({ roles: z.array(z.string()).default([]), groups: z.array(z.string()).default([]) })
            .default({ roles: [], groups: [] }),
          quota: z
            .object({
              perUser: z.number().int().positive().optional(),
              perTeam: z.number().int().positive().optional(),
            })
            .default({}),
          approval: z
            .object({ required: z.boolean().default(false), approvers: z.array(z.string()).default([]) })
            .default({ required: false, approvers: [] }),
        })
        .default({ allowed: { roles: [], groups: [] }, quota: {}, approval: { required: false, approvers: [] } }),
    })
    .loose()
    .superRefine((spec, ctx) => {
      if (spec.type === "action" && !spec.target)
        ctx.addIssue({
          code: "custom",
          path: ["target"],
          message: "an action template names its target: component, environment or release (spec.target.on)",
        });
      if (spec.type === "environment" && spec.target)
        ctx.addIssue({ code: "custom", path: ["target"], message: "only action templates have a target" });
      if (spec.target && spec.target.on !== "environment" && spec.target.environment)
        ctx.addIssue({
          code: "custom",
          path: ["target", "environment"],
          message: `a ${spec.target.on} target has no environment; use on: environment`,
        });
      if (spec.type === "action" && spec.pullRequests)
        ctx.addIssue({ code: "custom", path: ["pullRequests"], message: "action templates do not open previews" });
    }),
});

export type TemplateDefinition = z.infer<typeof templateSchema>;

/** A loaded template, valid or not; broken ones carry where and why, and are not offered. */
export type TemplateSource = { kind: "file"; file: string } | { kind: "catalog"; ref: string };
export type TemplateProblem = { field: string; message: string };
/** For a catalog template, `template` is the version that runs: the one an admin published (see template-trust.ts). */
export type LoadedTemplate =
  | {
      ok: true;
      name: string;
      title: string;
      description: string | null;
      source: TemplateSource;
      template: TemplateDefinition;
      parametersSchema: JsonSchemaObject;
      uiSchema: Record<string, unknown>;
      trust: TemplateTrust;
    }
  | { ok: false; name: string | null; source: TemplateSource; problems: TemplateProblem[]; trust: TemplateTrust };

export type JsonSchemaObject = {
  type: "object";
  properties: Record<string, unknown>;
  required: string[];
  [key: string]: unknown;
};
