// Wall-clock times in an IANA zone, with the platform's Intl data (no library: Node ships the tz
// database, and the two questions asked here — a zone's offset at an instant, the instant of a local
// time — are a few lines each). Used by freeze windows, whose times admins write in their zone.

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

// Making a formatter is the slow part (a freeze check asks a zone a few hundred times): one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The zone's local calendar fields at an instant. */
function localFields(instant: number, timeZone: string) {
  const parts = Object.fromEntries(
    formatterOf(timeZone)
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** The zone's offset from UTC (ms) at an instant. */
function offsetAt(instant: number, timeZone: string): number {
  const f = localFields(instant, timeZone);
  const asUtc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  return asUtc - (instant - (instant % 1000));
}

/** The local date at an instant, as midnight UTC of that calendar day (for calendar arithmetic). */
export function localDay(instant: Date, timeZone: string): number {
  const f = localFields(instant.getTime(), timeZone);
  return Date.UTC(f.year, f.month - 1, f.day);
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A wall-clock time in a zone ("2026-12-24T18:00" in Europe/Berlin) → the instant. An ISO time
 * with an offset or Z is taken as it is. In a DST gap the time is read with the offset before the
 * change (as most calendars do); a repeated hour takes its first occurrence.
 */
export function zonedTimeToUtc(text: string, timeZone: string): Date | null {
  if (!LOCAL.test(text)) {
    if (!/(Z|[+-]\d{2}:?\d{2})$/.test(text)) return null;
    const instant = new Date(text);
    return Number.isNaN(instant.getTime()) ? null : instant;
  }
  const [, y, mo, d, h, mi, s] = LOCAL.exec(text)!;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  if (Number.isNaN(wall)) return null;
  // The zone's offsets a day either side cover any change near this time; a valid reading is one
  // whose offset is the one at the instant it gives.
  const before = offsetAt(wall - 86_400_000, timeZone);
  const after = offsetAt(wall + 86_400_000, timeZone);
  const valid = [...new Set([before, after])].map((o) => wall - o).filter((t) => wall - t === offsetAt(t, timeZone));
  return new Date(valid.length ? Math.min(...valid) : wall - before);
}
