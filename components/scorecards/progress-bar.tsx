/** done of total as a bar and in words. */
export function ProgressBar({ done, total }: { done: number; total: number }) {
  const share = total ? Math.round((done / total) * 100) : 0;
  return (
    <div className="flex items-center gap-2">
      <div
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-label={`${done} of ${total} done`}
        className="h-2 w-32 overflow-hidden rounded bg-slate-200 dark:bg-slate-700"
      >
        <div className="h-full bg-emerald-500" style={{ width: `${share}%` }} />
      </div>
      <span className="text-xs text-slate-600 dark:text-slate-400">
        {done}/{total}
      </span>
    </div>
  );
}
