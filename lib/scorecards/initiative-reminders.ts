// Reminders of an initiative: on each of its reminder days before the deadline, every team that
// still owns services not at target is told through lib/notifications (the bell of its members and
// the team's channels). Each team gets each reminder once (initiative_reminders); when the job first
// runs past several reminder days (a late start, a stopped worker) only the latest is sent.
import { gt, sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { initiatives } from "@/db/schema";
import type { Enqueue } from "@/lib/jobs/define-job";
import { notify } from "@/lib/notifications/notify";
import type { Scorecard } from "./definition";
import { currentMeets, scopedResults, toInitiative } from "./initiatives";

const DAY = 86_400_000;

/** The reminder days already reached at `now`, and the latest of them (the one to send); null: none yet. */
export function dueReminders(
  reminderDays: number[],
  deadline: Date,
  now: Date,
): { due: number[]; current: number } | null {
  const due = reminderDays.filter((d) => now.getTime() >= deadline.getTime() - d * DAY);
  return due.length ? { due, current: Math.min(...due) } : null;
}

/** Sends the reminders that are due; returns how many teams were told. */
export async function sendInitiativeReminders(
  db: Db,
  scorecards: Scorecard[],
  deps: { enqueue?: Enqueue | null } = {},
  now = new Date(),
): Promise<{ sent: number }> {
  let sent = 0;
  const open = await db.select().from(initiatives).where(gt(initiatives.deadline, now));
  for (const row of open) {
    const reminder = dueReminders(row.reminderDays, row.deadline, now);
    if (!reminder) continue;
    const initiative = toInitiative(row);
    const levels = scorecards.find((s) => s.name === initiative.scorecard)?.levels ?? [];
    const behind = new Map<string, number>();
    for (const r of await scopedResults(db, initiative))
      if (r.owner_ref && !currentMeets(initiative, levels, r))
        behind.set(r.owner_ref, (behind.get(r.owner_ref) ?? 0) + 1);
    for (const [team, remaining] of behind) {
      const told = await db.transaction(async (tx) => {
        const inserted = await queryRows<{ days_before: number }>(
          tx,
          sql`insert into initiative_reminders (initiative_id, team_ref, days_before, remaining, sent)
              select ${row.id}, ${team}, d, ${remaining}, d = ${reminder.current}
              from unnest(${sql.param(reminder.due)}::int[]) as d
              on conflict do nothing returning days_before`,
        );
        if (!inserted.some((r) => Number(r.days_before) === reminder.current)) return false;
        const days = Math.ceil((row.deadline.getTime() - now.getTime()) / DAY);
        await notify(
          tx,
          {
            event: "initiative.reminder",
            recipients: [team],
            title: `${initiative.name}: ${remaining} of your services not there yet, ${days === 1 ? "1 day" : `${days} days`} left`,
            body: `${initiative.targetLevel ? `Target: ${initiative.scorecard} level ${initiative.targetLevel}` : `Target: pass ${initiative.targetRules.join(", ")} of ${initiative.scorecard}`}, by ${initiative.deadline.slice(0, 10)}.`,
            link: `/initiatives/${row.id}`,
            dedupeKey: `initiative:${row.id}:${reminder.current}:${team}`,
          },
          deps,
        );
        return true;
      });
      if (told) sent++;
    }
  }
  return { sent };
}
