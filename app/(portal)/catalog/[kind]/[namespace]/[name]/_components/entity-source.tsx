import { Card } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import type { EntityView } from "@/lib/catalog/queries";

/** Where this entity came from and how fresh it is, so nothing is silently stale. */
export function EntitySource({ source }: { source: EntityView["source"] }) {
  return (
    <Card title="Source" id="source">
      <dl className="space-y-2 text-sm">
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
