/** Latency summaries shared by the load generators and the harness. */
export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles of a list of durations (ms); an empty list gives zeros. */
export function summarise(samples: number[]): LatencySummary {
  if (samples.length === 0) {
    return { count: 0, p50: 0, p90: 0, p99: 0, max: 0, mean: 0 };
  }
  const s = Float64Array.from(samples).sort();
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
  let sum = 0;
  for (const v of s) {
    sum += v;
  }
  const r = (v: number) => Math.round(v * 100) / 100;
  return {
    count: s.length,
    p50: r(at(0.5)),
    p90: r(at(0.9)),
    p99: r(at(0.99)),
    max: r(s[s.length - 1]),
    mean: r(sum / s.length),
  };
}
