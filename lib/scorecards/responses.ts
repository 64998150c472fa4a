// What the scorecard and initiative routes answer, as zod schemas: the OpenAPI document is generated
// from them and the handlers reply through them (lib/api/contract.ts). The lib's types are these
// schemas' outputs, so the code and the document cannot drift apart. Dates are ISO strings here.
import { z } from "zod";

const timestamp = z.iso.datetime({ offset: true });
const nextCursor = z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last." });
const level = z
  .string()
  .nullable()
  .meta({ description: "The highest level whose rules (and those below) all pass; null: none." });
const score = z.number().meta({ description: "Share of the rules that pass, 0..1." });

export const ruleOutcome = z.object({
  id: z.string(),
  level: z.string(),
  status: z.enum(["passed", "failed", "unknown"]),
  message: z.string().meta({ description: "Why it passed or failed." }),
});

export const scorecardSummary = z
  .object({
    name: z.string().meta({ example: "production-readiness" }),
    title: z.string(),
    description: z.string().nullable(),
    levels: z.array(z.string()).meta({ description: "Lowest first." }),
    rules: z.array(z.object({ id: z.string(), level: z.string(), title: z.string(), how: z.string().nullable() })),
  })
  .meta({ id: "Scorecard" });
export type ScorecardSummary = z.output<typeof scorecardSummary>;

export const brokenScorecard = z.object({
  file: z.string(),
  name: z.string().nullable(),
  problems: z.array(z.object({ field: z.string(), message: z.string() })),
});

export const scorecardList = z.object({
  items: z.array(scorecardSummary),
  broken: z.array(brokenScorecard).meta({ description: "Scorecard files that are not applied, and why." }),
});

export const scorecardResult = z
  .object({
    entityRef: z.string(),
    title: z.string().nullable(),
    owner: z.string().nullable(),
    level,
    score,
    rules: z.array(ruleOutcome),
    computedAt: timestamp,
  })
  .meta({ id: "ScorecardResult" });
export type ResultItem = z.output<typeof scorecardResult>;

export const scorecardResultPage = z.object({ items: z.array(scorecardResult), nextCursor });
export type ScorecardResultPage = z.output<typeof scorecardResultPage>;

export const scorecardResultsView = scorecardResultPage.extend({
  name: z.string(),
  title: z.string(),
  levels: z.array(z.string()),
});

export const entityScorecard = scorecardSummary.omit({ rules: true }).extend({
  level,
  score,
  rules: z.array(ruleOutcome.extend({ title: z.string(), how: z.string().nullable() })),
  computedAt: timestamp,
});
export type EntityScorecard = z.output<typeof entityScorecard>;

export const entityScorecardsView = z.object({ entityRef: z.string(), items: z.array(entityScorecard) });

export const initiativeView = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    scorecard: z.string(),
    targetLevel: z.string().nullable(),
    targetRules: z.array(z.string()),
    selection: z
      .object({
        owners: z.array(z.string()).optional(),
        systems: z.array(z.string()).optional(),
        lifecycles: z.array(z.string()).optional(),
        refs: z.array(z.string()).optional(),
      })
      .meta({ description: "The services in scope: every field given must match." }),
    owner: z.string(),
    deadline: timestamp,
    reminders: z
      .array(z.number().int())
      .meta({ description: "Days before the deadline on which owning teams still behind are reminded." }),
    createdBy: z.string(),
    createdAt: timestamp,
  })
  .meta({ id: "Initiative" });
export type Initiative = z.output<typeof initiativeView>;

export const initiativeProgress = z.object({
  total: z.number().int(),
  done: z.number().int(),
  elapsed: z.number().meta({ description: "Share of the time from creation to the deadline that has gone, 0..1." }),
  daysLeft: z.number().int(),
  teams: z.array(
    z.object({ owner: z.string().nullable(), total: z.number().int(), done: z.number().int(), behind: z.boolean() }),
  ),
  remaining: z.array(z.object({ entityRef: z.string(), owner: z.string().nullable() })),
  burnUp: z
    .array(z.object({ date: z.iso.date(), done: z.number().int() }))
    .meta({ description: "Services done at the end of each day (each week past 120 days)." }),
  remindersSent: z
    .array(z.object({ team: z.string(), daysBefore: z.number().int(), remaining: z.number().int(), sentAt: timestamp }))
    .meta({ description: "Reminders that went out to owning teams, newest first." }),
});
export type InitiativeProgress = z.output<typeof initiativeProgress>;

export const initiativeList = z.object({
  items: z.array(initiativeView.extend({ progress: z.object({ total: z.number().int(), done: z.number().int() }) })),
});
export type InitiativeList = z.output<typeof initiativeList>;

export const initiativeDetail = initiativeView.extend({ progress: initiativeProgress });
