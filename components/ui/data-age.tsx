"use client";
import { useEffect, useState } from "react";
import { formatRelativeTime } from "./relative-time";

/**
 * "Data as of 08:31:02 UTC · 12 seconds ago", ticking while the page stays open, so nobody takes
 * an old render or an old poll for the present state.
 */
export function DataAge({ at, label = "Data as of" }: { at: Date | string | number; label?: string }) {
  const date = new Date(at);
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 5_000);
    return () => clearInterval(timer);
  }, []);
  if (Number.isNaN(date.getTime())) return null;
  const clock = date.toISOString().slice(11, 19);
  return (
    <span className="text-xs text-slate-500 dark:text-slate-400" data-testid="data-age">
      {label}{" "}
      <time dateTime={date.toISOString()} suppressHydrationWarning>
        {clock} UTC · {formatRelativeTime(date, now < date ? date : now)}
      </time>
    </span>
  );
}
