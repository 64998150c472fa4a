// Initiatives: bring a set of services to a scorecard level (or make them pass chosen rules) by a
// deadline. Progress now comes from scorecard_results; progress over time (the burn-up) from
// scorecard_history, replayed day by day; a team is behind when its share done trails the share of
// the time gone.
import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows, sqlList, type Db, type DbOrTx } from "@/db/client";
import { initiativeReminders, initiatives, type InitiativeSelection } from "@/db/schema";
import { actorLabel, type Actor } from "@/lib/access/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { parseEntityRef, stringifyEntityRef } from "@/lib/catalog/refs";
import { AppError } from "@/lib/errors";
import type { Scorecard } from "./definition";
import { assertMayStartInitiative } from "./initiative-access";
import type { Initiative, InitiativeList, InitiativeProgress } from "./responses";

const refList = (defaultKind: string) =>
  z.union([z.string().min(1).max(300), z.array(z.string().min(1).max(300)).min(1).max(5000)]).transform((v, ctx) =>
    (Array.isArray(v) ? v : [v]).map((value) => {
      const parsed = parseEntityRef(value, { defaultKind, defaultNamespace: "default" });
      if (!parsed.ok) ctx.addIssue({ code: "custom", message: `${value}: ${parsed.message}` });
      return parsed.ok ? stringifyEntityRef(parsed.ref) : value;
    }),
  );

export const initiativeInput = z
  .object({
    name: z.string().trim().min(1).max(120),
    description: z.string().max(2000).optional(),
    scorecard: z.string().min(1).max(63),
    level: z.string().min(1).max(63).optional(),
    rules: z.array(z.string().min(1).max(63)).min(1).max(200).optional(),
    services: z
      .object({
        owners: refList("group").optional(),
        systems: refList("system").optional(),
        lifecycles: z.array(z.string().min(1).max(63)).max(20).optional(),
        refs: refList("component").optional(),
      })
      .strict()
      .default({}),
    owner: z
      .string()
      .min(1)
      .max(300)
      .transform((v, ctx) => {
        const parsed = parseEntityRef(v, { defaultKind: "group", defaultNamespace: "default" });
        if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.message });
        return parsed.ok ? stringifyEntityRef(parsed.ref) : v;
      }),
    deadline: z.iso.datetime({ offset: true }).or(z.iso.date()),
    /** Days before the deadline to remind owning teams still behind. */
    reminders: z.array(z.number().int().min(0).max(365)).max(10).default([14, 7, 1]),
  })
  .strict()
  .refine((v) => (v.level === undefined) !== (v.rules === undefined), {
    message: "give either level (reach this level) or rules (pass these rules), not both",
    path: ["level"],
  });
export type InitiativeInput = z.infer<typeof initiativeInput>;

type Row = typeof initiatives.$inferSelect;
export const toInitiative = (r: Row): Initiative => ({
  id: r.id,
  name: r.name,
  description: r.description,
  scorecard: r.scorecard,
  targetLevel: r.targetLevel,
  targetRules: r.targetRules,
  selection: r.selection,
  owner: r.ownerRef,
  deadline: r.deadline.toISOString(),
  reminders: r.reminderDays,
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
});

function checkTarget(input: InitiativeInput, scorecards: Scorecard[]): Scorecard {
  const scorecard = scorecards.find((s) => s.name === input.scorecard);
  const bad = (field: string, message: string) => new AppError("bad_request:initiative", message, [{ field, message }]);
  if (!scorecard) throw bad("scorecard", `No scorecard named ${input.scorecard} (GET /api/v1/scorecards lists them).`);
  if (input.level && !scorecard.levels.includes(input.level))
    throw bad("level", `level must be one of ${scorecard.levels.join(", ")}.`);
  const unknownRules = (input.rules ?? []).filter((id) => !scorecard.rules.some((r) => r.id === id));
  if (unknownRules.length)
    throw bad(
      "rules",
      `${unknownRules.join(", ")}: not rules of ${scorecard.name} (${scorecard.rules.map((r) => r.id).join(", ")}).`,
    );
  const deadline = new Date(input.deadline);
  if (deadline.getTime() <= Date.now()) throw bad("deadline", "the deadline must be in the future.");
  return scorecard;
}

/** POST /api/v1/initiatives: admins, or team leads over their teams' services, start an initiative (audited). */
export async function createInitiative(
  db: Db,
  actor: Actor,
  input: InitiativeInput,
  scorecards: Scorecard[],
  deps: { ip?: string | null } = {},
): Promise<Initiative> {
  checkTarget(input, scorecards);
  const selection: InitiativeSelection = Object.fromEntries(
    Object.entries(input.services).filter(([, v]) => v !== undefined),
  );
  await assertMayStartInitiative(db, actor, { owner: input.owner, selection });
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(initiatives)
      .values({
        name: input.name,
        description: input.description ?? null,
        scorecard: input.scorecard,
        targetLevel: input.level ?? null,
        targetRules: input.rules ?? [],
        selection,
        ownerRef: input.owner,
        deadline: new Date(input.deadline),
        reminderDays: [...new Set(input.reminders)].sort((a, b) => b - a),
        createdBy: actorLabel(actor),
      })
      .returning();
    await recordAudit(tx, actor, {
      action: "initiative.create",
      target: row.id,
      details: { name: row.name, scorecard: row.scorecard, level: row.targetLevel, rules: row.targetRules },
      ip: deps.ip,
    });
    return toInitiative(row);
  });
}

export async function getInitiative(db: DbOrTx, id: string): Promise<Initiative> {
  const [row] = await db.select().from(initiatives).where(eq(initiatives.id, id));
  if (!row) throw new AppError("not_found:initiative", `No initiative ${id}.`);
  return toInitiative(row);
}

type Scoped = {
  entity_ref: string;
  owner_ref: string | null;
  level_rank: number;
  rules: { id: string; status: string }[];
};

/** The initiative's services (those its scorecard applies to, within its selection) with their current result. */
export async function scopedResults(db: DbOrTx, i: Initiative): Promise<Scoped[]> {
  const s = i.selection;
  return queryRows<Scoped>(
    db,
    sql`select r.entity_ref, r.owner_ref, r.level_rank, r.rules
        from scorecard_results r join entities e on e.ref = r.entity_ref
        where r.scorecard = ${i.scorecard}
          ${s.owners?.length ? sql`and r.owner_ref in (${sqlList(s.owners)})` : sql``}
          ${s.systems?.length ? sql`and e.system_ref in (${sqlList(s.systems)})` : sql``}
          ${s.lifecycles?.length ? sql`and lower(e.lifecycle) in (${sqlList(s.lifecycles.map((l) => l.toLowerCase()))})` : sql``}
          ${s.refs?.length ? sql`and r.entity_ref in (${sqlList(s.refs)})` : sql``}
        order by r.entity_ref`,
  );
}

/** Whether one result meets the initiative's target. */
function meets(i: Initiative, levels: string[], result: { levelRank: number; statuses: Map<string, string> }): boolean {
  if (i.targetLevel !== null) return result.levelRank >= levels.indexOf(i.targetLevel);
  return i.targetRules.every((id) => result.statuses.get(id) === "passed");
}

export const currentMeets = (i: Initiative, levels: string[], r: Scoped) =>
  meets(i, levels, { levelRank: r.level_rank, statuses: new Map(r.rules.map((x) => [x.id, x.status])) });

const DAY = 86_400_000;

/** Progress now, per team (who is behind), and day by day from the history. */
export async function initiativeProgress(
  db: DbOrTx,
  i: Initiative,
  scorecard: Scorecard | undefined,
  now = new Date(),
): Promise<InitiativeProgress> {
  const levels = scorecard?.levels ?? [];
  const scoped = await scopedResults(db, i);
  const isDone = (r: Scoped) => currentMeets(i, levels, r);
  const created = new Date(i.createdAt).getTime();
  const deadline = new Date(i.deadline).getTime();
  const elapsed = Math.min(1, Math.max(0, (now.getTime() - created) / Math.max(1, deadline - created)));
  const byTeam = new Map<string | null, { total: number; done: number }>();
  for (const r of scoped) {
    const team = byTeam.get(r.owner_ref) ?? { total: 0, done: 0 };
    team.total++;
    if (isDone(r)) team.done++;
    byTeam.set(r.owner_ref, team);
  }
  const teams = [...byTeam.entries()]
    .map(([owner, t]) => ({ owner, ...t, behind: t.done < t.total && t.done / t.total < elapsed }))
    .sort((a, b) => a.done / a.total - b.done / b.total || (a.owner ?? "").localeCompare(b.owner ?? ""));
  return {
    total: scoped.length,
    done: scoped.filter(isDone).length,
    elapsed: Math.round(elapsed * 1000) / 1000,
    daysLeft: Math.ceil((deadline - now.getTime()) / DAY),
    teams,
    remaining: scoped.filter((r) => !isDone(r)).map((r) => ({ entityRef: r.entity_ref, owner: r.owner_ref })),
    remindersSent: await remindersSent(db, i.id),
    burnUp: await burnUp(
      db,
      i,
      levels,
      scoped.map((r) => r.entity_ref),
      created,
      Math.min(now.getTime(), deadline),
    ),
  };
}

async function remindersSent(db: DbOrTx, id: string) {
  const rows = await db
    .select()
    .from(initiativeReminders)
    .where(and(eq(initiativeReminders.initiativeId, id), eq(initiativeReminders.sent, true)))
    .orderBy(desc(initiativeReminders.sentAt), initiativeReminders.teamRef);
  return rows.map((r) => ({
    team: r.teamRef,
    daysBefore: r.daysBefore,
    remaining: r.remaining,
    sentAt: r.sentAt.toISOString(),
  }));
}

/** Services done at the end of each day (each week past 120 days), replaying scorecard_history. */
async function burnUp(db: DbOrTx, i: Initiative, levels: string[], refs: string[], from: number, to: number) {
  if (!refs.length) return [];
  const history = await queryRows<{
    entity_ref: string;
    level_rank: number;
    rules: Record<string, string>;
    recorded_at: string | Date;
  }>(
    db,
    sql`select entity_ref, level_rank, rules, recorded_at from scorecard_history
        where scorecard = ${i.scorecard} and recorded_at <= ${new Date(to)}
          and entity_ref in (${sqlList(refs)})
        order by recorded_at`,
  );
  const step = (to - from) / DAY > 120 ? 7 * DAY : DAY;
  const state = new Map<string, boolean>();
  const points: { date: string; done: number }[] = [];
  let next = 0;
  const firstDay = Math.floor(from / DAY) * DAY;
  for (let day = firstDay; day <= to + step; day += step) {
    const end = Math.min(day + step, to + 1);
    while (next < history.length && new Date(history[next].recorded_at).getTime() < end) {
      const h = history[next++];
      state.set(
        h.entity_ref,
        meets(i, levels, { levelRank: h.level_rank, statuses: new Map(Object.entries(h.rules)) }),
      );
    }
    points.push({ date: new Date(day).toISOString().slice(0, 10), done: [...state.values()].filter(Boolean).length });
    if (end > to) break;
  }
  return points;
}

/** GET /api/v1/initiatives: every initiative, deadline first, with its progress in numbers. */
export async function listInitiatives(db: DbOrTx, scorecards: Scorecard[]): Promise<InitiativeList> {
  const rows = await db.select().from(initiatives).orderBy(initiatives.deadline);
  const items: InitiativeList["items"] = [];
  for (const row of rows) {
    const i = toInitiative(row);
    const scorecard = scorecards.find((s) => s.name === i.scorecard);
    const scoped = await scopedResults(db, i);
    const done = scoped.filter((r) => currentMeets(i, scorecard?.levels ?? [], r)).length;
    items.push({ ...i, progress: { total: scoped.length, done } });
  }
  return { items };
}

export type TeamReminder = {
  id: string;
  name: string;
  deadline: string;
  daysLeft: number;
  remaining: number;
  total: number;
};

/** The initiatives a team still has services to bring to target in, nearest deadline first: the reminders in the UI. */
export async function teamReminders(db: DbOrTx, teamRef: string, scorecards: Scorecard[], now = new Date()) {
  const rows = await db.select().from(initiatives).orderBy(initiatives.deadline);
  const out: TeamReminder[] = [];
  for (const row of rows) {
    const i = toInitiative(row);
    const levels = scorecards.find((s) => s.name === i.scorecard)?.levels ?? [];
    const mine = (await scopedResults(db, i)).filter((r) => r.owner_ref === teamRef);
    const remaining = mine.filter((r) => !currentMeets(i, levels, r)).length;
    if (remaining)
      out.push({
        id: i.id,
        name: i.name,
        deadline: i.deadline,
        daysLeft: Math.ceil((row.deadline.getTime() - now.getTime()) / DAY),
        remaining,
        total: mine.length,
      });
  }
  return out;
}
