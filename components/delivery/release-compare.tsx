import { Alert } from "@/components/ui/alert";
import { RelativeTime } from "@/components/ui/relative-time";
import type { Comparison } from "@/lib/delivery/compare-releases";
import { ComparePending } from "./compare-pending";

const linkCls = "text-brand-700 hover:underline dark:text-brand-100";

export function ReleaseCompare({
  service,
  base,
  head,
  comparison,
}: {
  service: string;
  base: string;
  head: string;
  comparison: Comparison | null;
}) {
  if (!comparison || comparison.status === "pending")
    return <ComparePending service={service} base={base} head={head} />;
  if (comparison.status === "failed")
    return (
      <Alert tone="warning" title="Could not compare">
        {comparison.error}
      </Alert>
    );
  return (
    <section aria-labelledby="compare-heading" className="space-y-2">
      <h3 id="compare-heading" className="text-sm font-semibold text-slate-900 dark:text-slate-100">
        {comparison.totalCommits} commit{comparison.totalCommits === 1 ? "" : "s"} from {base} to {head}
        {comparison.htmlUrl && (
          <a
            href={comparison.htmlUrl}
            className={`ml-2 text-xs font-normal ${linkCls}`}
            target="_blank"
            rel="noopener noreferrer"
          >
            on GitHub<span className="sr-only"> (opens in a new tab)</span>
          </a>
        )}
      </h3>
      <ol
        className="divide-y divide-slate-200 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-800"
        aria-label={`Commits between ${base} and ${head}`}
      >
        {comparison.commits.map((c) => (
          <li key={c.sha} className="flex flex-wrap items-baseline gap-x-3 px-3 py-2 text-sm">
            {c.htmlUrl ? (
              <a href={c.htmlUrl} className={`font-mono text-xs ${linkCls}`} target="_blank" rel="noopener noreferrer">
                {c.sha.slice(0, 7)}
              </a>
            ) : (
              <span className="font-mono text-xs">{c.sha.slice(0, 7)}</span>
            )}
            <span className="text-slate-900 dark:text-slate-100">{c.message.split("\n")[0]}</span>
            <span className="text-xs text-slate-500 dark:text-slate-400">
              {c.authorLogin ?? c.author ?? "unknown"}
              {c.date && (
                <>
                  {" · "}
                  <RelativeTime value={c.date} />
                </>
              )}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
