import { describe, expect, it } from "vitest";
import { activeFreeze, currentOrNext, occurrences, type FreezeWindow } from "./windows";
import { zonedTimeToUtc } from "./zoned-time";

const at = (iso: string) => new Date(iso);
const window = (over: Partial<FreezeWindow>): FreezeWindow => ({
  id: "w",
  environment: "production",
  serviceRef: null,
  startsAt: at("2026-12-20T00:00:00Z"),
  endsAt: at("2026-12-27T00:00:00Z"),
  reason: "holidays",
  timeZone: "UTC",
  ...over,
});
const target = { service: "component:default/payments", environment: "production" };

describe("freeze windows", () => {
  it("holds from the start (inclusive) to the end (exclusive), for its environment only", () => {
    const w = window({});
    expect(activeFreeze([w], target, at("2026-12-19T23:59:59Z"))).toBeNull();
    expect(activeFreeze([w], target, at("2026-12-20T00:00:00Z"))?.id).toBe("w");
    expect(activeFreeze([w], target, at("2026-12-27T00:00:00Z"))).toBeNull();
    expect(activeFreeze([w], { ...target, environment: "staging" }, at("2026-12-21T00:00:00Z"))).toBeNull();
  });

  it("'*' covers every environment; a service's window only that service", () => {
    const all = window({ environment: "*" });
    expect(activeFreeze([all], { ...target, environment: "staging" }, at("2026-12-21T00:00:00Z"))).not.toBeNull();
    const one = window({ serviceRef: "component:default/other" });
    expect(activeFreeze([one], target, at("2026-12-21T00:00:00Z"))).toBeNull();
  });

  it("overlapping windows: deploys open when the last of the chain ends", () => {
    const first = window({ id: "a", endsAt: at("2026-12-24T00:00:00Z") });
    const second = window({ id: "b", startsAt: at("2026-12-23T00:00:00Z"), endsAt: at("2026-12-26T00:00:00Z") });
    const third = window({ id: "c", startsAt: at("2026-12-26T00:00:00Z"), endsAt: at("2026-12-28T00:00:00Z") });
    const held = activeFreeze([first, second, third], target, at("2026-12-21T00:00:00Z"));
    expect(held?.endsAt.toISOString()).toBe("2026-12-28T00:00:00.000Z");
  });
});

describe("wall-clock times in a zone", () => {
  it("reads local times in the zone, across daylight saving", () => {
    expect(zonedTimeToUtc("2026-12-24T18:00", "Europe/Berlin")?.toISOString()).toBe("2026-12-24T17:00:00.000Z");
    expect(zonedTimeToUtc("2026-07-01T18:00", "Europe/Berlin")?.toISOString()).toBe("2026-07-01T16:00:00.000Z");
    expect(zonedTimeToUtc("2026-07-01T18:00", "America/New_York")?.toISOString()).toBe("2026-07-01T22:00:00.000Z");
    expect(zonedTimeToUtc("2026-07-01T18:00", "Asia/Kolkata")?.toISOString()).toBe("2026-07-01T12:30:00.000Z");
  });

  it("a repeated hour is its first occurrence; a skipped hour uses the offset before the change", () => {
    expect(zonedTimeToUtc("2026-10-25T02:30", "Europe/Berlin")?.toISOString()).toBe("2026-10-25T00:30:00.000Z");
    expect(zonedTimeToUtc("2026-03-29T02:30", "Europe/Berlin")?.toISOString()).toBe("2026-03-29T01:30:00.000Z");
  });

  it("takes an ISO time with an offset as it is, and refuses what is neither", () => {
    expect(zonedTimeToUtc("2026-12-24T18:00:00+09:00", "Europe/Berlin")?.toISOString()).toBe(
      "2026-12-24T09:00:00.000Z",
    );
    expect(zonedTimeToUtc("next friday", "UTC")).toBeNull();
  });
});

describe("repeating freeze windows", () => {
  // Friday 16:00 – Monday 08:00, Berlin time, every week from November 2026 on.
  const weekend = window({
    id: "weekend",
    startsAt: at("2026-01-01T00:00:00Z"),
    endsAt: at("2027-12-31T00:00:00Z"),
    timeZone: "Europe/Berlin",
    repeat: { every: "week", start: { day: "friday", time: "16:00" }, end: { day: "monday", time: "08:00" } },
  });
  const iso = (w: FreezeWindow | null) => w && [w.startsAt.toISOString(), w.endsAt.toISOString()];

  it("holds from Friday 16:00 to Monday 08:00 local time (CET, UTC+1), and not during the week", () => {
    expect(activeFreeze([weekend], target, at("2026-12-04T14:59:59Z"))).toBeNull();
    expect(iso(activeFreeze([weekend], target, at("2026-12-04T15:00:00Z")))).toEqual([
      "2026-12-04T15:00:00.000Z",
      "2026-12-07T07:00:00.000Z",
    ]);
    expect(activeFreeze([weekend], target, at("2026-12-06T23:00:00Z"))).not.toBeNull();
    expect(activeFreeze([weekend], target, at("2026-12-07T07:00:00Z"))).toBeNull();
    expect(activeFreeze([weekend], target, at("2026-12-09T12:00:00Z"))).toBeNull();
  });

  it("keeps its local times across a DST change inside the window (the weekend clocks go back)", () => {
    // 2026-10-25 03:00 CEST → 02:00 CET: the Friday starts at UTC+2, the Monday ends at UTC+1.
    expect(iso(activeFreeze([weekend], target, at("2026-10-24T12:00:00Z")))).toEqual([
      "2026-10-23T14:00:00.000Z",
      "2026-10-26T07:00:00.000Z",
    ]);
    // Spring forward, 2027-03-28: starts at UTC+1, ends at UTC+2.
    expect(iso(currentOrNext(weekend, at("2027-03-24T00:00:00Z")))).toEqual([
      "2027-03-26T15:00:00.000Z",
      "2027-03-29T06:00:00.000Z",
    ]);
  });

  it("the same rule in another zone holds at other instants", () => {
    const ny = { ...weekend, timeZone: "America/New_York" };
    expect(activeFreeze([ny], target, at("2026-12-04T15:00:00Z"))).toBeNull();
    expect(iso(activeFreeze([ny], target, at("2026-12-04T21:00:00Z")))).toEqual([
      "2026-12-04T21:00:00.000Z",
      "2026-12-07T13:00:00.000Z",
    ]);
  });

  it("is clipped to its first and last day, and a daily window runs over midnight", () => {
    const fromSaturday = { ...weekend, startsAt: at("2026-12-05T10:00:00Z"), endsAt: at("2026-12-13T00:00:00Z") };
    expect(occurrences(fromSaturday, at("2026-12-01T00:00:00Z"), at("2026-12-31T00:00:00Z")).map(iso)).toEqual([
      ["2026-12-05T10:00:00.000Z", "2026-12-07T07:00:00.000Z"],
      ["2026-12-11T15:00:00.000Z", "2026-12-13T00:00:00.000Z"],
    ]);
    const nightly = window({
      startsAt: at("2026-12-01T00:00:00Z"),
      endsAt: at("2027-01-01T00:00:00Z"),
      timeZone: "UTC",
      repeat: { every: "day", start: { time: "22:00" }, end: { time: "06:00" } },
    });
    expect(iso(activeFreeze([nightly], target, at("2026-12-10T03:00:00Z")))).toEqual([
      "2026-12-09T22:00:00.000Z",
      "2026-12-10T06:00:00.000Z",
    ]);
    expect(activeFreeze([nightly], target, at("2026-12-10T12:00:00Z"))).toBeNull();
  });

  it("overlapping a one-off window: deploys open when the later of the two ends", () => {
    const change = window({ id: "change", startsAt: at("2026-12-07T06:00:00Z"), endsAt: at("2026-12-07T12:00:00Z") });
    const held = activeFreeze([weekend, change], target, at("2026-12-05T12:00:00Z"));
    expect(held?.id).toBe("weekend");
    expect(held?.endsAt.toISOString()).toBe("2026-12-07T12:00:00.000Z");
    // Back-to-back daily windows chain into one freeze.
    const mornings = window({
      id: "mornings",
      startsAt: at("2026-12-01T00:00:00Z"),
      endsAt: at("2026-12-04T00:00:00Z"),
      repeat: { every: "day", start: { time: "00:00" }, end: { time: "00:00" } },
    });
    expect(activeFreeze([mornings], target, at("2026-12-01T12:00:00Z"))?.endsAt.toISOString()).toBe(
      "2026-12-04T00:00:00.000Z",
    );
  });
});
