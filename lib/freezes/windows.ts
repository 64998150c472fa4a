// Freeze windows as rules, pure so they are unit-tested: which window covers a service × environment,
// the concrete occurrences of a repeating window (every day or every week, wall-clock times in its
// zone, so "Friday 16:00 – Monday 08:00 Europe/Berlin" stays 16:00–08:00 local across DST), and which
// freeze holds a deploy now when windows overlap.
import { WEEKDAYS, type FreezeRepeat } from "@/db/schema";
import { localDay, zonedTimeToUtc } from "./zoned-time";

export type FreezeWindow = {
  id: string;
  environment: string;
  serviceRef: string | null;
  /** One-off: the window. Repeating: from when, until when, its occurrences come. */
  startsAt: Date;
  endsAt: Date;
  reason: string;
  timeZone: string;
  repeat?: FreezeRepeat | null;
};

const DAY = 86_400_000;
const ymd = (day: number) => new Date(day).toISOString().slice(0, 10);
/** Monday 0 … Sunday 6 of a calendar day (midnight UTC). */
const weekdayOf = (day: number) => (new Date(day).getUTCDay() + 6) % 7;

/** Days from a start to its end: a same-day window when the end is later that day, else the next one. */
function spanDays(repeat: FreezeRepeat): number {
  const later = repeat.end.time > repeat.start.time;
  if (repeat.every === "day") return later ? 0 : 1;
  const days = (WEEKDAYS.indexOf(repeat.end.day) - WEEKDAYS.indexOf(repeat.start.day) + 7) % 7;
  return days === 0 && !later ? 7 : days;
}

/**
 * The concrete windows of `window` that overlap [from, to), soonest first: a one-off window is
 * itself; a repeating one, each occurrence clipped to its startsAt–endsAt.
 */
export function occurrences(window: FreezeWindow, from: Date, to: Date): FreezeWindow[] {
  const overlaps = (w: FreezeWindow) => w.startsAt < to && w.endsAt > from && w.startsAt < w.endsAt;
  const repeat = window.repeat;
  if (!repeat) return overlaps(window) ? [window] : [];
  const span = spanDays(repeat);
  const found: FreezeWindow[] = [];
  // An occurrence overlapping `from` started at most 7 days (and a DST hour) before it.
  const first = localDay(new Date(Math.max(from.getTime(), window.startsAt.getTime()) - 8 * DAY), window.timeZone);
  const last = localDay(new Date(Math.min(to.getTime(), window.endsAt.getTime())), window.timeZone) + DAY;
  for (let day = first; day <= last; day += DAY) {
    if (repeat.every === "week" && weekdayOf(day) !== WEEKDAYS.indexOf(repeat.start.day)) continue;
    const start = zonedTimeToUtc(`${ymd(day)}T${repeat.start.time}`, window.timeZone);
    const end = zonedTimeToUtc(`${ymd(day + span * DAY)}T${repeat.end.time}`, window.timeZone);
    if (!start || !end) continue;
    const occurrence = {
      ...window,
      startsAt: new Date(Math.max(start.getTime(), window.startsAt.getTime())),
      endsAt: new Date(Math.min(end.getTime(), window.endsAt.getTime())),
    };
    if (overlaps(occurrence)) found.push(occurrence);
  }
  return found;
}

/** The occurrence going on at `now`, else the next one within `horizonDays`. */
export function currentOrNext(window: FreezeWindow, now: Date, horizonDays = 8): FreezeWindow | null {
  return occurrences(window, now, new Date(now.getTime() + horizonDays * DAY))[0] ?? null;
}

/** Does the window cover this service × environment (environment "*" means every one)? */
export function freezeApplies(window: FreezeWindow, target: { service: string; environment: string }): boolean {
  const env = window.environment.toLowerCase();
  if (env !== "*" && env !== target.environment.toLowerCase()) return false;
  return window.serviceRef === null || window.serviceRef === target.service;
}

/**
 * The freeze that holds a deploy now, if any. Of overlapping windows (one-off or occurrences of
 * repeating ones), the one that ends last, so the refusal says when deploys really open again (the
 * start inclusive, the end exclusive).
 */
export function activeFreeze(
  windows: FreezeWindow[],
  target: { service: string; environment: string },
  now: Date,
): FreezeWindow | null {
  // Occurrences up to five weeks ahead: enough to follow a chain of back-to-back windows.
  const chained = windows
    .filter((w) => freezeApplies(w, target))
    .flatMap((w) => occurrences(w, new Date(now.getTime() - DAY), new Date(now.getTime() + 35 * DAY)));
  const holding = chained.filter((w) => w.startsAt.getTime() <= now.getTime() && now.getTime() < w.endsAt.getTime());
  if (!holding.length) return null;
  // Windows that overlap or touch the latest one extend it: deploys open when the chain ends.
  holding.sort((a, b) => b.endsAt.getTime() - a.endsAt.getTime());
  let last = holding[0];
  for (let changed = true; changed;) {
    changed = false;
    for (const w of chained) {
      if (w.startsAt.getTime() <= last.endsAt.getTime() && w.endsAt.getTime() > last.endsAt.getTime()) {
        last = w;
        changed = true;
      }
    }
  }
  return last === holding[0] ? last : { ...holding[0], endsAt: last.endsAt };
}
