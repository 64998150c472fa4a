import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import type { Comparison } from "@/lib/delivery/compare-releases";
import type { ReleaseView } from "@/lib/delivery/releases";
import { ReleaseActions } from "@/components/release-actions/release-actions";
import { TemplateActionButtons } from "@/components/release-actions/template-action-button";
import type { ReleaseRowAction } from "@/lib/release-actions/list-actions";
import type { TemplateActionOffer } from "@/lib/release-actions/template-actions";
import { ReleaseCompare } from "./release-compare";
import { ReleaseNotes } from "./release-notes";

const selectCls =
  "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100";

type Props = {
  service: string;
  releases: ReleaseView[];
  repo: string | null;
  compare: { base: string; head: string; comparison: Comparison | null } | null;
  /** Promotions of listed releases the reader may start ("Promote <tag> to <env>"), with what is live where each would go. */
  promotions?: ReleaseRowAction[];
  /** Action templates on releases (target.on: release), each for the release named by its target.version. */
  actions?: TemplateActionOffer[];
};

export function ReleaseList({ service, releases, repo, compare, promotions = [], actions = [] }: Props) {
  if (!repo)
    return (
      <p className="text-sm text-slate-500 dark:text-slate-400">
        This service names no GitHub repository (annotation github.com/project-slug) and was not registered from one, so
        there are no releases to show.
      </p>
    );
  if (releases.length === 0)
    return <p className="text-sm text-slate-500 dark:text-slate-400">No published releases in {repo} yet.</p>;
  return (
    <div className="space-y-4">
      {releases.length > 1 && (
        <form
          className="flex flex-wrap items-end gap-3 rounded-md bg-slate-50 p-3 dark:bg-slate-800/50"
          aria-label="Compare two releases"
        >
          <input type="hidden" name="tab" value="releases" />
          <label className="text-xs text-slate-600 dark:text-slate-300">
            From
            <select name="base" defaultValue={compare?.base ?? releases[1].tagName} className={`ml-2 ${selectCls}`}>
              {releases.map((r) => (
                <option key={r.id}>{r.tagName}</option>
              ))}
            </select>
          </label>
          <label className="text-xs text-slate-600 dark:text-slate-300">
            To
            <select name="head" defaultValue={compare?.head ?? releases[0].tagName} className={`ml-2 ${selectCls}`}>
              {releases.map((r) => (
                <option key={r.id}>{r.tagName}</option>
              ))}
            </select>
          </label>
          <button
            type="submit"
            className="rounded-md border border-slate-300 bg-white px-3 py-1 text-sm dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
          >
            Compare
          </button>
        </form>
      )}
      {compare && (
        <ReleaseCompare service={service} base={compare.base} head={compare.head} comparison={compare.comparison} />
      )}
      <ol className="space-y-4" aria-label="Releases, newest first">
        {releases.map((r) => (
          <li
            key={r.id}
            aria-label={`Release ${r.tagName}`}
            className="rounded-md border border-slate-200 p-3 dark:border-slate-800"
          >
            <div className="mb-2 flex flex-wrap items-center gap-2">
              <h3 className="font-mono text-sm font-semibold text-slate-900 dark:text-slate-100">{r.tagName}</h3>
              {r.name && r.name !== r.tagName && (
                <span className="text-sm text-slate-600 dark:text-slate-300">{r.name}</span>
              )}
              {r.isPrerelease && <Badge tone="amber">pre-release</Badge>}
              {r.liveIn.map((env) => (
                <Badge key={env} tone="green">
                  live in {env}
                </Badge>
              ))}
              <span className="text-xs text-slate-500 dark:text-slate-400">
                <RelativeTime value={r.publishedAt} />
                {r.author && ` by ${r.author}`}
              </span>
            </div>
            <RowPromotions
              service={service}
              promotions={promotions.filter((p) => p.action.target.version === r.tagName)}
            />
            <TemplateActionButtons offers={actions.filter((a) => a.action.target.version === r.tagName)} size="sm" />
            <ReleaseNotes markdown={r.notes} />
          </li>
        ))}
      </ol>
    </div>
  );
}

function RowPromotions({ service, promotions }: { service: string; promotions: NonNullable<Props["promotions"]> }) {
  if (!promotions.length) return null;
  return (
    <div className="mb-2">
      <ReleaseActions
        entity={service}
        actions={promotions.map((p) => p.action)}
        bases={Object.fromEntries(promotions.map((p, i) => [i, p.base]))}
        compares={{}}
        canOverrideFreeze={false}
      />
    </div>
  );
}
