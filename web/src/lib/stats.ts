/** Small summaries for the results pages. */

/** Counts of scores per bin of `width` points from 0 to `max` (the last bin includes `max`). */
export function histogram(
  scores: readonly number[],
  max = 100,
  width = 10,
): Array<{ label: string; count: number }> {
  const bins = Math.ceil(max / width);
  const out = Array.from({ length: bins }, (_, i) => ({
    label: `${i * width}–${Math.min(max, (i + 1) * width)}${i === bins - 1 ? '' : ')'}`,
    count: 0,
  }));
  for (const s of scores) {
    if (!Number.isFinite(s)) {
      continue;
    }
    const i = Math.min(bins - 1, Math.max(0, Math.floor(s / width)));
    out[i].count++;
  }
  return out;
}

export function mean(xs: readonly number[]): number | null {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}
