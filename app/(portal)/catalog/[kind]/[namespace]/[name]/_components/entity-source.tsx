import { Card } from "@/components/ui/card";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { linkClass } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import type { EntityView } from "@/lib/catalog/queries";
import { githubSourceOf } from "@/lib/github/queries";
import { INFERRED_ANNOTATION } from "@/lib/github/entity-documents";
import { getDb } from "@/lib/server/database";

const ORIGINS: Record<EntityView["source"]["origin"], string> = {
  api: "REST API import",
  file: "catalog:import CLI",
  seed: "demo seed",
  github: "GitHub sync",
  unknown: "unknown",
};

function ownerText(owner: EntityView["source"]["owner"]): string {
  if (!owner) return "unknown (created before owners were recorded; admins only)";
  if (owner.kind === "user") return owner.name;
  if (owner.kind === "token") return `API token “${owner.name}”`;
  return `system (${owner.name})`;
}

/** Where this entity came from, who owns that source, whether permissions may read it, and how fresh it is. */
export async function EntitySource({
  source,
  annotations,
}: {
  source: EntityView["source"];
  annotations?: Record<string, string>;
}) {
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
          <dt className="text-xs text-slate-500 dark:text-slate-400">Source</dt>
          <dd data-testid="source-origin">{ORIGINS[source.origin]}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500 dark:text-slate-400">Owner</dt>
          <dd data-testid="source-owner">{ownerText(source.owner)}</dd>
          {source.lastImportedBy && (
            <dd className="text-xs text-slate-500 dark:text-slate-400">last written by {source.lastImportedBy}</dd>
          )}
        </div>
        <div>
          <dt className="text-xs text-slate-500 dark:text-slate-400">Trust</dt>
          <dd data-testid="source-trust">
            {source.trusted ? (
              <Badge
                tone="green"
                title="Written by an admin or the system: group membership and users here count for permissions"
              >
                trusted
              </Badge>
            ) : (
              <Badge
                tone="amber"
                title="Written by someone who is not an admin (or a repository's descriptor): shown, but never used for permissions"
              >
                untrusted
              </Badge>
            )}
            <span className="block text-xs text-slate-500 dark:text-slate-400">
              {source.trusted
                ? "memberships and users here count for permissions"
                : "shown, never used for permissions"}
            </span>
          </dd>
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
