import { RelativeTime } from "@/components/ui/relative-time";
import type { ServiceEnvironmentView } from "@/lib/delivery/service-environments";
import type { HealthHistory } from "@/lib/health/health-queries";
import { TemplateActionButtons } from "@/components/release-actions/template-action-button";
import type { TemplateActionOffer } from "@/lib/release-actions/template-actions";
import { HealthBadge, VersionLabel } from "./badges";
import { Sparkline } from "./sparkline";

const safeUrl = (url: string | null) => (url && /^https?:\/\//i.test(url) ? url : null);

export function EnvironmentCards({
  environments,
  histories,
  actions = {},
}: {
  environments: ServiceEnvironmentView[];
  histories: HealthHistory[];
  /** Action templates the reader may run on each environment, by name. */
  actions?: Record<string, TemplateActionOffer[]>;
}) {
  if (environments.length === 0)
    return (
      <p className="text-sm text-slate-500 dark:text-slate-400">
        No deployments reported yet. CI can report one with POST /api/v1/deployments.
      </p>
    );
  return (
    <ul className="grid gap-3 md:grid-cols-2" aria-label="Environments">
      {environments.map((env, i) => {
        const history = histories[i];
        const url = safeUrl(env.url);
        return (
          <li
            key={env.name}
            aria-label={`Environment ${env.name}`}
            className="space-y-2 rounded-md border border-slate-200 p-3 dark:border-slate-800"
          >
            <div className="flex items-center justify-between gap-2">
              <h3 className="font-medium text-slate-900 dark:text-slate-100">{env.name}</h3>
              <HealthBadge health={env.health} />
            </div>
            <p className="text-xs text-slate-600 dark:text-slate-400">{env.health.reason}</p>
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
              <dt className="text-slate-500 dark:text-slate-400">Live</dt>
              <dd>{env.live ? <VersionLabel live={env.live} /> : "nothing deployed successfully"}</dd>
              {env.live && (
                <>
                  <dt className="text-slate-500 dark:text-slate-400">Deployed</dt>
                  <dd>
                    <RelativeTime value={env.live.deployedAt} /> by {env.live.deployedBy ?? "unknown"}
                  </dd>
                </>
              )}
              <dt className="text-slate-500 dark:text-slate-400">URL</dt>
              <dd className="truncate">
                {url ? (
                  <a
                    href={url}
                    className="text-brand-700 hover:underline dark:text-brand-100"
                    target="_blank"
                    rel="noopener noreferrer"
                  >
                    {url}
                  </a>
                ) : (
                  "—"
                )}
              </dd>
              <dt className="text-slate-500 dark:text-slate-400">Uptime</dt>
              <dd>
                {history.uptime24h ?? "—"}% (24 h) · {history.uptime7d ?? "—"}% (7 d)
              </dd>
            </dl>
            <Sparkline
              points={history.latency}
              label={`Latency of the last ${history.latency.length} probes of ${env.name}`}
            />
            <TemplateActionButtons offers={actions[env.name] ?? []} size="sm" />
          </li>
        );
      })}
    </ul>
  );
}
