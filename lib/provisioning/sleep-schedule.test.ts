import { describe, expect, it } from "vitest";
import { currentStateSince, decide, isAwakeAt, scheduleSchema, wallClock } from "./sleep-schedule";

const berlinWorkday = scheduleSchema.parse({ timeZone: "Europe/Berlin", awake: { from: "07:00", to: "20:00" } });
const at = (iso: string) => new Date(iso);

describe("sleep schedules", () => {
  it("reads the wall clock of the time zone, daylight saving included", () => {
    // Monday 2026-06-15: Berlin is UTC+2 in summer; Monday 2026-12-14: UTC+1 in winter.
    expect(wallClock("Europe/Berlin", at("2026-06-15T05:00:00Z"))).toEqual({ day: "mon", minute: 7 * 60 });
    expect(wallClock("Europe/Berlin", at("2026-12-14T05:00:00Z"))).toEqual({ day: "mon", minute: 6 * 60 });
    // New York, the evening before in UTC terms.
    expect(wallClock("America/New_York", at("2026-12-15T02:30:00Z"))).toEqual({ day: "mon", minute: 21 * 60 + 30 });
  });

  it("is awake 07:00–20:00 on weekdays in Berlin, whatever the season", () => {
    expect(isAwakeAt(berlinWorkday, at("2026-06-15T05:00:00Z"))).toBe(true); // Mon 07:00 CEST
    expect(isAwakeAt(berlinWorkday, at("2026-06-15T04:59:00Z"))).toBe(false); // Mon 06:59
    expect(isAwakeAt(berlinWorkday, at("2026-12-14T05:00:00Z"))).toBe(false); // Mon 06:00 CET
    expect(isAwakeAt(berlinWorkday, at("2026-12-14T06:00:00Z"))).toBe(true); // Mon 07:00 CET
    expect(isAwakeAt(berlinWorkday, at("2026-06-15T17:59:00Z"))).toBe(true); // Mon 19:59
    expect(isAwakeAt(berlinWorkday, at("2026-06-15T18:00:00Z"))).toBe(false); // Mon 20:00: asleep from here
    expect(isAwakeAt(berlinWorkday, at("2026-06-13T10:00:00Z"))).toBe(false); // Saturday noon
  });

  it("runs past midnight when `to` comes before `from`", () => {
    const nights = scheduleSchema.parse({ timeZone: "UTC", awake: { days: ["fri"], from: "22:00", to: "02:00" } });
    expect(isAwakeAt(nights, at("2026-06-19T23:00:00Z"))).toBe(true); // Friday 23:00
    expect(isAwakeAt(nights, at("2026-06-20T01:59:00Z"))).toBe(true); // Saturday 01:59, Friday's night
    expect(isAwakeAt(nights, at("2026-06-20T02:00:00Z"))).toBe(false);
    expect(isAwakeAt(nights, at("2026-06-20T23:00:00Z"))).toBe(false); // Saturday evening is not listed
  });

  it("finds when the current state began, across the weekend", () => {
    // Monday 03:00 Berlin: asleep since Friday 20:00 local (18:00 UTC in summer).
    expect(currentStateSince(berlinWorkday, at("2026-06-15T01:00:00Z"))).toEqual(at("2026-06-12T18:00:00Z"));
    // Monday 10:30: awake since 07:00.
    expect(currentStateSince(berlinWorkday, at("2026-06-15T08:30:00Z"))).toEqual(at("2026-06-15T05:00:00Z"));
    const never = scheduleSchema.parse({ awake: { days: [], from: "07:00", to: "20:00" } });
    expect(currentStateSince(never, at("2026-06-15T08:30:00Z"))).toBeNull();
  });

  it("sleeps at the boundary, leaves a person's late wake alone, and wakes only what it put to sleep", () => {
    const night = at("2026-06-15T20:00:00Z"); // Monday 22:00 Berlin, asleep since 18:00Z
    const morning = at("2026-06-16T05:30:00Z"); // Tuesday 07:30 Berlin
    const ready = { status: "ready", asleepBySchedule: false };
    expect(decide(berlinWorkday, { ...ready, awakeSince: at("2026-06-15T09:00:00Z") }, night)).toBe("sleep");
    expect(decide(berlinWorkday, { ...ready, awakeSince: at("2026-06-15T19:00:00Z") }, night)).toBeNull();
    expect(decide(berlinWorkday, { ...ready, awakeSince: at("2026-06-15T09:00:00Z") }, morning)).toBeNull();
    const asleep = { status: "asleep", awakeSince: null };
    expect(decide(berlinWorkday, { ...asleep, asleepBySchedule: true }, morning)).toBe("wake");
    expect(decide(berlinWorkday, { ...asleep, asleepBySchedule: false }, morning)).toBeNull();
    expect(decide(berlinWorkday, { ...asleep, asleepBySchedule: true }, night)).toBeNull();
    expect(
      decide(berlinWorkday, { status: "provisioning", awakeSince: null, asleepBySchedule: false }, night),
    ).toBeNull();
  });

  it("refuses unknown time zones, malformed times and empty windows", () => {
    expect(scheduleSchema.safeParse({ timeZone: "Mars/Olympus", awake: { from: "07:00", to: "20:00" } }).success).toBe(
      false,
    );
    expect(scheduleSchema.safeParse({ awake: { from: "7:00", to: "20:00" } }).success).toBe(false);
    expect(scheduleSchema.safeParse({ awake: { from: "24:00", to: "20:00" } }).success).toBe(false);
    expect(scheduleSchema.safeParse({ awake: { from: "08:00", to: "08:00" } }).success).toBe(false);
    expect(scheduleSchema.safeParse({ awake: { days: ["monday"], from: "08:00", to: "09:00" } }).success).toBe(false);
  });
});
