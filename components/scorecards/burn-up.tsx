/**
 * Services done over time against the straight line from nothing at the start to everything at the
 * deadline. Server-rendered SVG, no JS; the numbers are in the table beside it.
 */
export function BurnUp({
  points,
  total,
  start,
  deadline,
}: {
  points: { date: string; done: number }[];
  total: number;
  start: string;
  deadline: string;
}) {
  if (points.length === 0 || total === 0)
    return <p className="text-sm text-slate-500 dark:text-slate-400">No services in scope yet.</p>;
  const width = 480;
  const height = 160;
  const t0 = Date.parse(start.slice(0, 10));
  const t1 = Math.max(Date.parse(deadline), t0 + 86_400_000);
  const x = (t: number) => ((t - t0) / (t1 - t0)) * (width - 8) + 4;
  const y = (done: number) => height - 4 - (done / total) * (height - 8);
  const line = points.map((p) => `${x(Date.parse(p.date)).toFixed(1)},${y(p.done).toFixed(1)}`).join(" ");
  const last = points[points.length - 1];
  return (
    <svg
      role="img"
      aria-label={`Burn-up: ${last.done} of ${total} services done on ${last.date}; the dashed line reaches ${total} at the deadline.`}
      width="100%"
      viewBox={`0 0 ${width} ${height}`}
      className="max-w-xl text-brand-600 dark:text-brand-100"
    >
      <rect x="0" y="0" width={width} height={height} className="fill-slate-50 dark:fill-slate-900" />
      <line
        x1={x(t0)}
        y1={y(0)}
        x2={x(t1)}
        y2={y(total)}
        strokeDasharray="4 4"
        className="stroke-slate-400"
        strokeWidth="1"
      />
      <polyline points={line} fill="none" stroke="currentColor" strokeWidth="2" />
      <circle cx={x(Date.parse(last.date))} cy={y(last.done)} r="3" fill="currentColor" />
    </svg>
  );
}
