// A template's sleep schedule: when its environments are awake (days and hours in a time zone), e.g.
// "asleep outside 07:00–20:00 on weekdays". A job every minute applies it at the boundaries: an
// environment awake since before the schedule's last "asleep from" moment is put to sleep; one the
// schedule put to sleep is woken once the schedule says awake. Someone who wakes an environment in the
// night keeps it awake until the next boundary, and an environment a person put to sleep stays asleep.
import { z } from "zod";

const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
type Day = (typeof DAYS)[number];
// Kept as text (the run stores the template as parsed, and parses it again here).
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time of day as HH:MM (00:00–23:59)");
const minuteOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));

export const scheduleSchema = z
  .object({
    /** An IANA time zone (Europe/Berlin); the hours are wall-clock hours there, daylight saving included. */
    timeZone: z
      .string()
      .default("UTC")
      .refine((zone) => {
        try {
          new Intl.DateTimeFormat("en-US", { timeZone: zone });
          return true;
        } catch {
          return false;
        }
      }, "an IANA time zone such as Europe/Berlin or America/New_York"),
    awake: z
      .object({
        days: z.array(z.enum(DAYS)).default(["mon", "tue", "wed", "thu", "fri"]),
        /** From this time (inclusive) to `to` (exclusive); `to` before `from` runs past midnight. */
        from: clock,
        to: clock,
      })
      .refine((a) => a.from !== a.to, { message: "from and to must differ", path: ["to"] }),
  })
  .strict();

export type SleepSchedule = z.output<typeof scheduleSchema>;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The day of the week and the minute of the day at `at` on the wall clock of `timeZone`. */
export function wallClock(timeZone: string, at: Date): { day: Day; minute: number } {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  return {
    day: parts.weekday.toLowerCase().slice(0, 3) as Day,
    minute: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/** Whether the schedule has its environments awake at `at`. */
export function isAwakeAt(schedule: SleepSchedule, at: Date): boolean {
  const { day, minute } = wallClock(schedule.timeZone, at);
  const { days } = schedule.awake;
  const [from, to] = [minuteOf(schedule.awake.from), minuteOf(schedule.awake.to)];
  if (from < to) return days.includes(day) && minute >= from && minute < to;
  // Past midnight: the evening of a listed day, or the early hours after one.
  const yesterday = DAYS[(DAYS.indexOf(day) + 6) % 7];
  return (days.includes(day) && minute >= from) || (days.includes(yesterday) && minute < to);
}

const MINUTE = 60_000;
/** Far enough back to cross any weekly schedule's boundary. */
const LOOKBACK_MINUTES = 8 * 24 * 60;

/**
 * When the schedule's current state (awake or asleep) began: the latest minute boundary at or before
 * `at` after which it has not changed. Null when it has not changed within eight days (a schedule
 * with no awake days at all).
 */
export function currentStateSince(schedule: SleepSchedule, at: Date): Date | null {
  const start = Math.floor(at.getTime() / MINUTE) * MINUTE;
  // The job asks once per environment; environments of one template share the answer.
  const key = `${JSON.stringify(schedule)}@${start}`;
  if (!sinceCache.has(key)) {
    if (sinceCache.size > 200) sinceCache.clear();
    sinceCache.set(key, searchBack(schedule, start));
  }
  return sinceCache.get(key)!;
}

const sinceCache = new Map<string, Date | null>();

function searchBack(schedule: SleepSchedule, start: number): Date | null {
  const now = isAwakeAt(schedule, new Date(start));
  for (let i = 1; i <= LOOKBACK_MINUTES; i++) {
    if (isAwakeAt(schedule, new Date(start - i * MINUTE)) !== now) return new Date(start - (i - 1) * MINUTE);
  }
  return null;
}

export type ScheduleDecision = "sleep" | "wake" | null;

/**
 * What the schedule does to one environment now: sleep a ready one that has been awake since before the
 * schedule went to "asleep"; wake one the schedule put to sleep once it says "awake".
 */
export function decide(
  schedule: SleepSchedule,
  env: { status: string; awakeSince: Date | null; asleepBySchedule: boolean },
  now: Date,
): ScheduleDecision {
  const awake = isAwakeAt(schedule, now);
  if (awake) return env.status === "asleep" && env.asleepBySchedule ? "wake" : null;
  if (env.status !== "ready") return null;
  const since = currentStateSince(schedule, now);
  // Woken by a person after the schedule's boundary: theirs until the next one.
  return !since || !env.awakeSince || env.awakeSince < since ? "sleep" : null;
}
