export type Summary = { n: number; p50: number; p95: number; p99: number; max: number };

export function summarise(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  return { n: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted[sorted.length - 1] };
}

export function formatSummary(label: string, s: Summary, target?: number): string {
  const f = (v: number) => v.toFixed(2).padStart(7);
  const verdict = target === undefined ? "" : s.p95 <= target ? `  ✔ p95 ≤ ${target} ms` : `  ✖ p95 > ${target} ms`;
  return `${label.padEnd(44)} p50 ${f(s.p50)} ms  p95 ${f(s.p95)} ms  p99 ${f(s.p99)} ms  (n=${s.n})${verdict}`;
}

export async function timeMany(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await fn(i);
    samples.push(performance.now() - started);
  }
  return samples;
}
