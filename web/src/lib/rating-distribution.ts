/** The bands of the dashboard's distribution, lowest first, in hundredths (the policy's grade bands). */
export const TOTAL_BANDS = [
  { label: '< 60', min: 0, max: 6000 },
  { label: '60–70', min: 6000, max: 7000 },
  { label: '70–80', min: 7000, max: 8000 },
  { label: '80–90', min: 8000, max: 9000 },
  { label: '90–100', min: 9000, max: 10001 },
];

export const GRADE_ORDER = ['excellent', 'good', 'fair', 'poor'] as const;
export const GRADE_LABELS: Record<(typeof GRADE_ORDER)[number], string> = {
  excellent: '优秀',
  good: '良好',
  fair: '一般',
  poor: '差',
};

/** Counts of totals ("87.93") per band; totals not yet known are left out. */
export function totalsHistogram(totals: readonly (string | null)[]): number[] {
  const counts = TOTAL_BANDS.map(() => 0);
  for (const t of totals) {
    if (t === null) {
      continue;
    }
    const c = Math.round(Number(t) * 100);
    const k = TOTAL_BANDS.findIndex((b) => c >= b.min && c < b.max);
    if (k >= 0) {
      counts[k]++;
    }
  }
  return counts;
}

/** Counts per grade (优秀, 良好, 一般, 差), then those without a grade yet. */
export function gradeCounts(grades: readonly (string | null)[]): { grades: number[]; pending: number } {
  const counts = GRADE_ORDER.map((g) => grades.filter((x) => x === g).length);
  return { grades: counts, pending: grades.filter((x) => x === null).length };
}
