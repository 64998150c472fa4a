// What the self-service routes answer, as zod schemas: the OpenAPI document is generated from them and
// route handlers are type-checked against them (lib/api/contract.ts). Dates are ISO strings here.
import { z } from "zod";
import { ENVIRONMENT_STATUSES, RUN_STATUSES, STEP_STATUSES } from "@/db/schema";
import { healthView } from "@/lib/health/responses";

const timestamp = z.iso.datetime({ offset: true });
const uuid = z.uuid();

export const selfServiceEnvironmentView = z
  .object({
    id: uuid,
    name: z.string(),
    status: z.enum(ENVIRONMENT_STATUSES),
    url: z.string().nullable().meta({ description: "Only while ready." }),
    expiresAt: timestamp,
    owner: z.string().meta({ example: "user:dev" }),
    template: z.string(),
    component: z.string().nullable(),
    branch: z.string().nullable(),
    runId: uuid,
    failureReason: z.string().nullable(),
    createdAt: timestamp,
    canExtend: z.boolean(),
    asleep: z.boolean().meta({ description: "Stopped with its data kept; wake starts it again." }),
    canSleep: z.boolean(),
    canWake: z.boolean(),
    resourceHours: z
      .number()
      .meta({ description: "Hours awake so far (every awake interval, the current one up to now)." }),
    cost: z.object({ amount: z.number(), currency: z.string(), pricePerHour: z.number() }).nullable().meta({
      description:
        "resourceHours at the price an admin set (the template's, else the global one); null without a price.",
    }),
    pullRequest: z
      .object({ repo: z.string(), number: z.number().int(), url: z.string().nullable() })
      .nullable()
      .meta({ description: "The pull request it previews, when a template's pullRequests trigger opened it." }),
    health: healthView.nullable().meta({
      description:
        "From the health probes (the template's environment.healthUrl, else the URL) while ready; null otherwise.",
    }),
  })
  .meta({ id: "SelfServiceEnvironment" });

export const runView = z
  .object({
    id: uuid,
    template: z.string(),
    templateTitle: z.string(),
    status: z.enum(RUN_STATUSES),
    parameters: z.record(z.string(), z.unknown()),
    requestedBy: z.string(),
    error: z.string().nullable(),
    approval: z.object({
      status: z.enum(["none", "pending", "approved", "rejected"]),
      by: z.string().nullable(),
      comment: z.string().nullable(),
    }),
    createdAt: timestamp,
    startedAt: timestamp.nullable(),
    finishedAt: timestamp.nullable(),
    outputs: z
      .record(z.string(), z.unknown())
      .meta({ description: "The template's declared outputs (url, links, …)." }),
    steps: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        action: z.string().meta({ example: "local:process" }),
        phase: z.enum(["provision", "teardown"]),
        status: z.enum(STEP_STATUSES),
        attempts: z.number().int(),
        error: z.string().nullable(),
        output: z.record(z.string(), z.unknown()),
        startedAt: timestamp.nullable(),
        finishedAt: timestamp.nullable(),
      }),
    ),
    environment: selfServiceEnvironmentView.nullable(),
    can: z
      .object({
        cancel: z.boolean(),
        retry: z.boolean(),
        approve: z.boolean(),
        changeEnvironment: z.boolean().meta({ description: "Sleep and wake its environment." }),
      })
      .meta({ description: "What the caller may do with this run now." }),
  })
  .meta({ id: "Run" });

export const runEvents = z.object({
  items: z.array(
    z.object({
      id: z.number().int().meta({ description: "Pass the last one as `after` to read only newer lines." }),
      at: timestamp,
      level: z.enum(["info", "warn", "error"]),
      step: z.string().nullable(),
      message: z.string(),
    }),
  ),
});

export const runAccepted = z
  .object({ id: uuid, status: z.enum(RUN_STATUSES), environmentId: uuid })
  .meta({ description: "A template's run was requested; environmentId is the environment it provisions." });

/** A command on a run or environment was taken: the id and the status it has now. */
export const commandAnswer = <S extends z.ZodType>(status: S) => z.object({ id: uuid, status });

export const extendedEnvironment = z.object({ id: uuid, status: z.enum(ENVIRONMENT_STATUSES), expiresAt: timestamp });

const templateSource = z.union([
  z.object({ kind: z.literal("file"), file: z.string() }),
  z.object({ kind: z.literal("catalog"), ref: z.string() }),
]);
const trustState = z.enum(["trusted", "published", "pending", "unpublished"]).meta({
  description:
    "trusted: from PORTOLAN_TEMPLATES_DIR; published: a catalog template in the version an admin published; pending: published, and the entity changed since (the published version runs); unpublished: never published (or withdrawn).",
});
const problem = z.object({ field: z.string(), message: z.string() });

export const templateList = z.object({
  items: z
    .array(
      z
        .object({
          name: z.string(),
          ref: z.string(),
          title: z.string(),
          description: z.string().nullable(),
          tags: z.array(z.string()),
          source: templateSource,
          trust: z.object({
            state: trustState,
            hash: z.string().nullable(),
            publishedBy: z.string().nullable(),
            publishedAt: timestamp.nullable(),
          }),
          parameters: z.record(z.string(), z.unknown()).meta({ description: "The parameters' JSON Schema." }),
          ttl: z.object({ default: z.string(), max: z.string() }).meta({ description: "Durations like `4h`." }),
          approvalRequired: z.boolean(),
          quota: z.object({ perUser: z.number().int().optional(), perTeam: z.number().int().optional() }),
        })
        .meta({ id: "Template" }),
    )
    .meta({ description: "The templates the caller may use now." }),
  waiting: z
    .array(
      z.object({
        name: z.string(),
        ref: z.string().nullable(),
        title: z.string(),
        trust: z.object({ state: trustState, currentHash: z.string().nullable() }),
        reason: z.string().nullable(),
      }),
    )
    .meta({ description: "Valid catalog templates waiting for an admin to publish them." }),
  problems: z
    .array(z.object({ name: z.string().nullable(), source: templateSource, problems: z.array(problem) }))
    .meta({ description: "Broken templates and why (admins only; empty for others)." }),
});

export const publication = z.object({
  ref: z.string(),
  hash: z.string(),
  publishedBy: z.string(),
  publishedAt: timestamp,
});

export const withdrawal = z.object({ ref: z.string(), hash: z.string() });

export const branchList = z.object({
  items: z.array(z.string()),
  repo: z.string().nullable(),
  source: z.enum(["github", "git", "none"]).meta({ description: "Where the list came from; none: type a branch." }),
  reason: z.string().optional().meta({ description: "Why there is no list." }),
});
