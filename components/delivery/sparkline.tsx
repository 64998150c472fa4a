/** Probe latency as a small inline SVG line; failed probes are marked in red. Server-rendered, no JS. */
export function Sparkline({ points, label }: { points: { ms: number | null; ok: boolean }[]; label: string }) {
  if (points.length < 2)
    return <span className="text-xs text-slate-500 dark:text-slate-400">not enough probes yet</span>;
  const width = 160;
  const height = 32;
  const max = Math.max(1, ...points.map((p) => p.ms ?? 0));
  const x = (i: number) => (i / (points.length - 1)) * width;
  const y = (ms: number | null) => height - 2 - ((ms ?? 0) / max) * (height - 4);
  const line = points.map((p, i) => `${x(i).toFixed(1)},${y(p.ms).toFixed(1)}`).join(" ");
  return (
    <svg
      role="img"
      aria-label={label}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      className="text-brand-600 dark:text-brand-100"
    >
      <polyline points={line} fill="none" stroke="currentColor" strokeWidth="1.5" />
      {points.map((p, i) =>
        !p.ok ? <circle key={i} cx={x(i)} cy={y(p.ms)} r="2" className="fill-red-600 dark:fill-red-400" /> : null,
      )}
    </svg>
  );
}
