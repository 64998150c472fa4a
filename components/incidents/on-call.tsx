import { Card } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import type { OnCall } from "@/lib/incidents/oncall";

/** Who to call now: each escalation level of the service's PagerDuty policy. */
export function OnCallCard({ onCall }: { onCall: OnCall }) {
  return (
    <Card title="On call" id="on-call">
      {onCall.state === "error" ? (
        <p role="status" className="text-sm text-amber-700 dark:text-amber-300">
          {onCall.message}
        </p>
      ) : (
        <>
          <p className="mb-2 text-xs text-slate-500 dark:text-slate-400">
            PagerDuty escalation policy{" "}
            {onCall.policy.url ? (
              <a
                href={onCall.policy.url}
                rel="noreferrer"
                className="text-brand-700 hover:underline dark:text-brand-100"
              >
                {onCall.policy.name ?? onCall.policy.id}
              </a>
            ) : (
              (onCall.policy.name ?? onCall.policy.id)
            )}
          </p>
          {onCall.entries.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">Nobody is on call right now.</p>
          ) : (
            <ol className="space-y-2 text-sm" aria-label="On call now, by escalation level">
              {onCall.entries.map((e) => (
                <li key={`${e.level}-${e.name}`} data-testid="on-call-entry">
                  <span className="text-xs text-slate-500 dark:text-slate-400">Level {e.level} · </span>
                  {e.url ? (
                    <a
                      href={e.url}
                      rel="noreferrer"
                      className="font-medium text-brand-700 hover:underline dark:text-brand-100"
                    >
                      {e.name}
                    </a>
                  ) : (
                    <span className="font-medium">{e.name}</span>
                  )}
                  {e.email && (
                    <a
                      href={`mailto:${e.email}`}
                      className="block text-xs text-slate-600 hover:underline dark:text-slate-400"
                    >
                      {e.email}
                    </a>
                  )}
                  {(e.schedule || e.until) && (
                    <span className="block text-xs text-slate-500 dark:text-slate-400">
                      {e.schedule}
                      {e.schedule && e.until && " · "}
                      {e.until && (
                        <>
                          until <RelativeTime value={e.until} />
                        </>
                      )}
                    </span>
                  )}
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </Card>
  );
}
