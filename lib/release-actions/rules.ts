// The rules of production guardrails, pure so they are unit-tested: which environments need an
// approval and from whom, which freeze window (if any) holds a deploy, and local times in a zone.

/** Environments that need an approval by default: production by its usual names. */
const PRODUCTION_NAMES = new Set(["production", "prod"]);

export function isProductionName(environment: string): boolean {
  return PRODUCTION_NAMES.has(environment.trim().toLowerCase());
}

export type ApprovalRule = { required: boolean; approvers: string[] };

/**
 * A deploy to production needs one approval from the owning team (admins may always approve,
 * the requester never — lib/provisioning's decideApproval enforces both). Other environments need none.
 */
export function approvalRule(environment: string, ownerRef: string | null): ApprovalRule {
  if (!isProductionName(environment)) return { required: false, approvers: [] };
  const owner = ownerRef?.toLowerCase() ?? null;
  // Only a Group can approve as a team; a User owner approves in person.
  const approvers = owner && (owner.startsWith("group:") || owner.startsWith("user:")) ? [owner] : [];
  return { required: true, approvers };
}

export type FreezeWindow = {
  id: string;
  environment: string;
  serviceRef: string | null;
  startsAt: Date;
  endsAt: Date;
  reason: string;
  timeZone: string;
};

/** Does the window cover this service × environment (environment "*" means every one)? */
export function freezeApplies(window: FreezeWindow, target: { service: string; environment: string }): boolean {
  const env = window.environment.toLowerCase();
  if (env !== "*" && env !== target.environment.toLowerCase()) return false;
  return window.serviceRef === null || window.serviceRef === target.service;
}

/**
 * The freeze that holds a deploy now, if any. Of overlapping windows, the one that ends last, so
 * the refusal says when deploys really open again (the start inclusive, the end exclusive).
 */
export function activeFreeze(
  windows: FreezeWindow[],
  target: { service: string; environment: string },
  now: Date,
): FreezeWindow | null {
  const holding = windows.filter(
    (w) => freezeApplies(w, target) && w.startsAt.getTime() <= now.getTime() && now.getTime() < w.endsAt.getTime(),
  );
  if (!holding.length) return null;
  // Windows that overlap or touch the latest one extend it: deploys open when the chain ends.
  holding.sort((a, b) => b.endsAt.getTime() - a.endsAt.getTime());
  let last = holding[0];
  const chained = windows.filter((w) => freezeApplies(w, target));
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

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC (ms) at an instant. */
function offsetAt(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return asUtc - (instant - (instant % 1000));
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
