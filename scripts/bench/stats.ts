/** Small statistics for benchmarks: medians and percentiles of repeated measurements. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lo = sorted[low] ?? Number.NaN;
  const hi = sorted[high] ?? Number.NaN;
  return lo + (hi - lo) * (rank - low);
}

export function row(label: string, ours: string, baseline: string, verdict: string): string {
  return `  ${label.padEnd(44)} ${ours.padStart(16)}   ${baseline.padStart(22)}   ${verdict}`;
}
