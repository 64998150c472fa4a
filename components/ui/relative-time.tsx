const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
  ["second", 1],
];

const format = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
// What date.toLocaleString("en-GB", { timeZone: "UTC", timeZoneName: "short" }) gives, without building a
// formatter on every call (that call's implied fields spelled out; a page can hold dozens of times).
const exact = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  timeZoneName: "short",
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  second: "numeric",
});

/** "3 minutes ago", "yesterday", "in 2 hours": the largest whole unit between then and now. */
export function formatRelativeTime(date: Date, now: Date = new Date()): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  if (Math.abs(seconds) < 10) return "just now";
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return "just now";
}

/** A <time> showing how long ago (or until) a moment, with the exact time on hover. */
export function RelativeTime({ value, now }: { value: string | Date; now?: Date }) {
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return <span>unknown time</span>;
  return (
    <time dateTime={date.toISOString()} title={exact.format(date)}>
      {formatRelativeTime(date, now)}
    </time>
  );
}
