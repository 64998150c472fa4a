// What the release-action and freeze routes answer, as zod schemas: the OpenAPI document is generated
// from them and the handlers reply through them (lib/api/contract.ts). The lib's types are these
// schemas' outputs, so what the code returns and what the document promises cannot drift apart.
// Dates are ISO strings here (the lib formats them itself).
import { z } from "zod";

const timestamp = z.iso.datetime({ offset: true });

export const availableAction = z
  .object({
    kind: z.enum(["release", "template", "restart"]).meta({
      description:
        "release: a built-in promote, rollback or redeploy; template: a user-written action template (spec.type: action), whose form is its parameters; restart: the portal's own container preview.",
    }),
    template: z.string().meta({
      description: "Pass as `template` to POST /api/v1/runs (with `entity` and, when set, `environment`).",
      example: "promote",
    }),
    title: z.string().meta({ example: "Promote 1.4.2 from staging to production" }),
    target: z.object({
      entity: z.string().meta({ example: "component:default/payments" }),
      environment: z
        .string()
        .optional()
        .meta({ description: "The environment it acts on; absent for an action on the component itself." }),
      from: z.string().optional().meta({ description: "Promote: the environment the version is taken from." }),
      version: z.string().optional().meta({
        description:
          "Release actions: the version it deploys. An action template on a release: its tag (pass as `release`).",
      }),
    }),
  })
  .meta({ id: "EntityAction" });
export type AvailableAction = z.output<typeof availableAction>;

export const availableActions = z.object({
  items: z.array(availableAction).meta({
    description:
      "Empty when the caller may not run actions (selfservice:use). Release actions need a deployer; action templates are listed where their target rule matches and the caller is allowed to use them.",
  }),
});

export const freezeView = z
  .object({
    id: z.uuid(),
    environment: z.string().meta({ description: "An environment name, or * for every environment." }),
    service: z.string().nullable().meta({ description: "The service it freezes; null: every service." }),
    startsAt: timestamp,
    endsAt: timestamp,
    timeZone: z.string().meta({ description: "The IANA zone the times were written in.", example: "Europe/Berlin" }),
    repeat: z
      .union([
        z.object({
          every: z.literal("day"),
          start: z.object({ time: z.string() }),
          end: z.object({ time: z.string() }),
        }),
        z.object({
          every: z.literal("week"),
          start: z.object({ day: z.string(), time: z.string() }),
          end: z.object({ day: z.string(), time: z.string() }),
        }),
      ])
      .nullable()
      .meta({
        description:
          "null: a one-off window (startsAt–endsAt). Otherwise it comes back every day or week, local times in timeZone, between startsAt and endsAt (9999-12-31: no end).",
      }),
    next: z
      .object({ startsAt: timestamp, endsAt: timestamp })
      .nullable()
      .meta({ description: "The occurrence holding now, or the next one within 8 days; null: none." }),
    reason: z.string(),
    createdBy: z.string(),
    createdAt: timestamp,
  })
  .meta({ id: "FreezeWindow" });
export type FreezeView = z.output<typeof freezeView>;

export const freezeList = z.object({ items: z.array(freezeView).meta({ description: "Soonest first, at most 500." }) });

export const actionRunAccepted = z
  .object({
    id: z.uuid(),
    status: z.enum(["queued", "awaiting_approval"]),
    action: z.string().meta({ description: "promote, rollback, redeploy, restart, or the action template's name." }),
    environment: z.string().nullable().meta({ description: "The environment it acts on (null: the component)." }),
    version: z.string().nullable().meta({ description: "The version it deploys, or the one live where it acts." }),
  })
  .meta({ description: "An action (built-in or an action template) was requested on a service or environment." });
export type CreatedActionRun = z.output<typeof actionRunAccepted>;
