import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import type { Preview } from "@/lib/delivery/previews";
import { HealthBadge } from "./badges";
import { displayActor } from "@/lib/access/display-actor";
import { RestartButton } from "@/components/release-actions/template-action-button";
import type { AvailableAction } from "@/lib/release-actions/list-actions";

// A server component cannot read constants from the self-service "use client" helpers, hence its own map.
const TONE: Record<string, "neutral" | "brand" | "green" | "amber" | "red" | "violet"> = {
  awaiting_approval: "amber",
  provisioning: "brand",
  ready: "green",
  sleeping: "violet",
  asleep: "neutral",
  waking: "brand",
  destroying: "violet",
  failed: "red",
};
const safeUrl = (url: string | null) => (url && /^https?:\/\//i.test(url) ? url : null);

/** The service's self-service previews (not destroyed), beside its deployed environments. */
export function PreviewEnvironments({
  previews,
  restarts = [],
}: {
  previews: Preview[];
  /** Restart, on the running container previews the reader may restart. */
  restarts?: AvailableAction[];
}) {
  return (
    <section aria-labelledby="previews-heading" className="space-y-2">
      <h3 id="previews-heading" className="text-sm font-semibold text-slate-900 dark:text-slate-100">
        Preview environments
      </h3>
      {previews.length === 0 ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">
          No previews running.{" "}
          <Link href="/self-service" className="text-brand-700 hover:underline dark:text-brand-100">
            Spin one up from Self-service
          </Link>
          .
        </p>
      ) : (
        <ul
          className="divide-y divide-slate-200 rounded-md border border-slate-200 text-sm dark:divide-slate-800 dark:border-slate-800"
          aria-label="Preview environments"
        >
          {previews.map((p) => {
            const url = safeUrl(p.url);
            const restart = restarts.find((r) => r.target.environment === p.name);
            return (
              <li
                key={p.id}
                aria-label={`Preview ${p.name}`}
                className="flex flex-wrap items-center justify-between gap-2 p-2"
              >
                <span className="flex items-center gap-2">
                  <Link
                    href={`/runs/${p.runId}`}
                    className="font-medium text-brand-700 hover:underline dark:text-brand-100"
                  >
                    {p.name}
                  </Link>
                  <Badge tone={TONE[p.status] ?? "neutral"}>{p.status.replace("_", " ")}</Badge>
                  {p.health && <HealthBadge health={p.health} />}
                </span>
                <span className="text-xs text-slate-600 dark:text-slate-400">
                  {p.branch ? `${p.branch} · ` : ""}
                  {displayActor(p.owner)} · expires <RelativeTime value={p.expiresAt} />
                </span>
                {url && (
                  <a
                    href={url}
                    className="text-xs text-brand-700 hover:underline dark:text-brand-100"
                    target="_blank"
                    rel="noopener noreferrer"
                  >
                    {url}
                  </a>
                )}
                {restart && <RestartButton action={restart} />}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
