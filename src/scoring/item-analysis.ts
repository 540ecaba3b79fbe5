/**
 * Classical item analysis after a sitting. Each response row is one candidate: their total score and, per item
 * they were given, the fraction of the item's points earned (0…1) and the option(s) chosen.
 */
export interface ResponseRow {
  candidateId: number;
  total: number;
  items: Map<number, { credit: number; chosen: string[] }>;
}

export interface ItemStatistics {
  itemId: number;
  /** Candidates who were given the item. */
  n: number;
  /** Facility p: mean credit (0…1). */
  facility: number;
  /** Upper-lower index: mean credit of the top 27% minus that of the bottom 27% (by total). Null if n < 4. */
  discriminationUL: number | null;
  /** Point-biserial (Pearson) correlation of item credit with the total score; null when undefined. */
  pointBiserial: number | null;
  /** How often each option was chosen (a multiple answer counts for every option in it); '' for blank. */
  options: Record<string, number>;
  flags: Array<'negative-discrimination' | 'too-easy' | 'too-hard'>;
}

const UPPER_LOWER_SHARE = 0.27;
export const FLAG_TOO_EASY = 0.95;
export const FLAG_TOO_HARD = 0.2;

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Pearson correlation; null when either variable is constant. */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

/** Statistics for every item that appears in the rows. */
export function analyseItems(rows: readonly ResponseRow[]): ItemStatistics[] {
  const itemIds = [...new Set(rows.flatMap((r) => [...r.items.keys()]))].sort((a, b) => a - b);
  return itemIds.map((itemId) => {
    const given = rows.filter((r) => r.items.has(itemId));
    const credits = given.map((r) => r.items.get(itemId)!.credit);
    const totals = given.map((r) => r.total);
    const n = given.length;
    const facility = mean(credits);
    let discriminationUL: number | null = null;
    if (n >= 4) {
      const g = Math.max(1, Math.round(n * UPPER_LOWER_SHARE));
      const byTotal = [...given].sort((a, b) => b.total - a.total || a.candidateId - b.candidateId);
      const credit = (r: ResponseRow) => r.items.get(itemId)!.credit;
      discriminationUL = mean(byTotal.slice(0, g).map(credit)) - mean(byTotal.slice(n - g).map(credit));
    }
    const pointBiserial = n >= 2 ? pearson(credits, totals) : null;
    const options: Record<string, number> = {};
    for (const r of given) {
      const chosen = r.items.get(itemId)!.chosen;
      for (const o of chosen.length ? chosen : ['']) {
        options[o] = (options[o] ?? 0) + 1;
      }
    }
    const flags: ItemStatistics['flags'] = [];
    if (
      (discriminationUL !== null && discriminationUL < 0) ||
      (pointBiserial !== null && pointBiserial < 0)
    ) {
      flags.push('negative-discrimination');
    }
    if (facility > FLAG_TOO_EASY) {
      flags.push('too-easy');
    }
    if (facility < FLAG_TOO_HARD) {
      flags.push('too-hard');
    }
    return { itemId, n, facility, discriminationUL, pointBiserial, options, flags };
  });
}

/**
 * Kuder–Richardson 20 for one paper form answered by several candidates, from each candidate's 0/1 item
 * scores (a partial credit counts as its fraction): KR-20 = k/(k−1) · (1 − Σ p·q / σ²), σ² the population
 * variance of the totals. Null when fewer than 2 items or the totals do not vary.
 */
export function kr20(matrix: readonly (readonly number[])[]): number | null {
  const n = matrix.length;
  if (n < 2) {
    return null;
  }
  const k = matrix[0].length;
  if (k < 2) {
    return null;
  }
  const totals = matrix.map((row) => row.reduce((a, b) => a + b, 0));
  const mt = mean(totals);
  const variance = totals.reduce((s, t) => s + (t - mt) ** 2, 0) / n;
  if (variance === 0) {
    return null;
  }
  let spq = 0;
  for (let j = 0; j < k; j++) {
    const p = matrix.reduce((s, row) => s + row[j], 0) / n;
    spq += p * (1 - p);
  }
  return (k / (k - 1)) * (1 - spq / variance);
}

/**
 * KR-20 for a discipline whose candidates all sat different papers from one blueprint ("randomly parallel
 * forms"). Every paper is unique, so hardly any item is shared by all candidates and the classic formula has
 * no common item set to run on; instead each candidate's Σ p·q is taken over the items of their own paper, with
 * p estimated from everyone who was given the item, and averaged:
 *
 *   KR-20 = k/(k−1) · (1 − mean_c(Σ_{i∈paper c} p_i·q_i) / σ²(totals)),  k = items per paper (mean).
 *
 * When every candidate has the same items this is exactly kr20(). Each row maps item id → credit (0…1).
 * Null when fewer than 2 candidates or 2 items per paper, or when the totals do not vary.
 */
export function kr20RandomForms(rows: readonly ReadonlyMap<number, number>[]): number | null {
  const n = rows.length;
  if (n < 2) {
    return null;
  }
  const sums = new Map<number, { s: number; c: number }>();
  for (const row of rows) {
    for (const [item, credit] of row) {
      const e = sums.get(item) ?? { s: 0, c: 0 };
      e.s += credit;
      e.c += 1;
      sums.set(item, e);
    }
  }
  const pq = new Map<number, number>();
  for (const [item, { s, c }] of sums) {
    const p = s / c;
    pq.set(item, p * (1 - p));
  }
  const k = mean(rows.map((r) => r.size));
  if (k < 2) {
    return null;
  }
  const totals = rows.map((r) => [...r.values()].reduce((a, b) => a + b, 0));
  const mt = mean(totals);
  const variance = totals.reduce((s, t) => s + (t - mt) ** 2, 0) / n;
  if (variance === 0) {
    return null;
  }
  const meanSpq = mean(rows.map((r) => [...r.keys()].reduce((s, i) => s + pq.get(i)!, 0)));
  return (k / (k - 1)) * (1 - meanSpq / variance);
}
