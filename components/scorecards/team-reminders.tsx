import Link from "next/link";
import type { TeamReminder } from "@/lib/scorecards/initiatives";
import { Alert } from "@/components/ui/alert";
import { linkClass } from "@/components/ui/button";

/** Initiatives this team still has services in: the reminder, nearest deadline first. */
export function TeamReminders({ reminders }: { reminders: TeamReminder[] }) {
  if (!reminders.length) return null;
  return (
    <div className="space-y-2">
      {reminders.map((r) => (
        <Alert key={r.id} tone={r.daysLeft <= 7 ? "warning" : "info"} title="Initiative">
          <Link href={`/initiatives/${r.id}`} className={linkClass}>
            {r.name}
          </Link>
          : {r.remaining} of your {r.total} services still to do,{" "}
          {r.daysLeft >= 0 ? `${r.daysLeft} days left (deadline ${r.deadline.slice(0, 10)})` : "past its deadline"}.
        </Alert>
      ))}
    </div>
  );
}
