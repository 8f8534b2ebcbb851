/** Small statistics helpers: medians and tail percentiles, never means (shared, noisy machines). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export type Summary = { n: number; p50: number; p90: number; p99: number; max: number };

export function summarize(values: number[]): Summary {
  return { n: values.length, p50: percentile(values, 50), p90: percentile(values, 90), p99: percentile(values, 99), max: Math.max(...values) };
}

export function fmt(s: Summary, unit = 'ms', digits = 2): string {
  const f = (v: number) => `${v.toFixed(digits)} ${unit}`;
  return `p50 ${f(s.p50)} · p90 ${f(s.p90)} · p99 ${f(s.p99)} · max ${f(s.max)} (n=${s.n})`;
}
