import { Card } from "@/components/ui/card";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { linkClass } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import type { EntityView } from "@/lib/catalog/queries";
import { githubSourceOf } from "@/lib/github/queries";
import { INFERRED_ANNOTATION } from "@/lib/github/entity-documents";
import { getDb } from "@/lib/runtime/database";

/** Where this entity came from and how fresh it is, so nothing is silently stale. */
export async function EntitySource({ source, annotations }: { source: EntityView["source"]; annotations?: Record<string, string> }) {
  const github = source.location.startsWith("github:") ? await githubSourceOf(await getDb(), source.location) : null;
  const hasFailed = Boolean(github && (github.lastError || github.locationErrors.length > 0));
  return (
    <Card title="Source" id="source">
      <dl className="space-y-2 text-sm">
        {hasFailed && (
          <Alert tone="warning" title="Last sync failed">
            {github?.lastError ?? github?.locationErrors[0]?.message}. The last good version is shown.
          </Alert>
        )}
        {github?.fullName && (
          <div>
            <dt className="text-xs text-slate-500 dark:text-slate-400">Repository</dt>
            <dd className="flex flex-wrap items-center gap-2">
              <a href={github.htmlUrl ?? undefined} className={linkClass}>
                {github.fullName}
              </a>
              {annotations?.[INFERRED_ANNOTATION] === "true" && (
                <Badge tone="violet" title="No catalog-info.yaml: built from the repository's metadata">
                  inferred
                </Badge>
              )}
            </dd>
            {github.lastSyncedAt && (
              <dd className="text-xs text-slate-500 dark:text-slate-400">
                synced <RelativeTime value={github.lastSyncedAt} />
              </dd>
            )}
          </div>
        )}
        <div>
          <dt className="text-xs text-slate-500 dark:text-slate-400">Location</dt>
          <dd className="break-all font-mono text-xs">{source.location}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500 dark:text-slate-400">Type</dt>
          <dd>{source.type}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500 dark:text-slate-400">Target</dt>
          <dd className="break-all font-mono text-xs">{source.target}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500 dark:text-slate-400">Freshness</dt>
          <dd>
            last seen <RelativeTime value={source.lastSeenAt} />
            <span className="block text-xs text-slate-500 dark:text-slate-400">
              changed <RelativeTime value={source.updatedAt} />
            </span>
          </dd>
        </div>
      </dl>
    </Card>
  );
}
