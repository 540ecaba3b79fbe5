import { analyseItems, kr20, pearson, ResponseRow } from './item-analysis';

/**
 * A worked example small enough to check by hand: 5 candidates, 3 items scored 0/1.
 *
 *   candidate  i1 i2 i3  total
 *   1           1  1  1   3
 *   2           1  1  0   2
 *   3           1  0  1   2
 *   4           0  1  0   1
 *   5           0  0  0   0
 *
 * p = (0.6, 0.6, 0.4); Σpq = 0.24 + 0.24 + 0.24 = 0.72; totals mean 1.6, population variance
 * ((1.4² + 0.4² + 0.4² + 0.6² + 1.6²) / 5) = (1.96 + 0.16 + 0.16 + 0.36 + 2.56) / 5 = 1.04;
 * KR-20 = 3/2 · (1 − 0.72/1.04) = 1.5 · 0.307692… = 0.461538…
 * Upper-lower 27%: g = round(5 · 0.27) = 1 → top candidate 1, bottom candidate 5: D = 1 − 0 = 1 for each item.
 * Point-biserial of i1 with totals: x = (1,1,1,0,0), y = (3,2,2,1,0): mean x 0.6, mean y 1.6,
 * Σ(x−x̄)(y−ȳ) = 0.4·1.4 + 0.4·0.4 + 0.4·0.4 + (−0.6)(−0.6) + (−0.6)(−1.6) = 0.56+0.16+0.16+0.36+0.96 = 2.2,
 * Σ(x−x̄)² = 1.2, Σ(y−ȳ)² = 5.2 → r = 2.2 / √(6.24) = 0.880705…
 */
const matrix = [
  [1, 1, 1],
  [1, 1, 0],
  [1, 0, 1],
  [0, 1, 0],
  [0, 0, 0],
];
const rows: ResponseRow[] = matrix.map((scores, i) => ({
  candidateId: i + 1,
  total: scores.reduce((a, b) => a + b, 0),
  items: new Map(scores.map((s, j) => [j + 1, { credit: s, chosen: s ? ['A'] : ['B'] }])),
}));

describe('item analysis, worked example', () => {
  it('computes KR-20', () => {
    expect(kr20(matrix)).toBeCloseTo(0.461538, 5);
  });

  it('computes facility, upper-lower discrimination and point-biserial', () => {
    const [i1, , i3] = analyseItems(rows);
    expect(i1).toMatchObject({ itemId: 1, n: 5, facility: 0.6, discriminationUL: 1 });
    expect(i1.pointBiserial).toBeCloseTo(0.880705, 5);
    expect(i3.facility).toBeCloseTo(0.4, 10);
    expect(i1.options).toEqual({ A: 3, B: 2 });
    expect(i1.flags).toEqual([]);
  });

  it('flags an item that the weaker candidates get right and the stronger wrong', () => {
    const inverted = rows.map((r) => ({
      ...r,
      items: new Map(r.items).set(9, { credit: r.total <= 1 ? 1 : 0, chosen: [] }),
    }));
    const item9 = analyseItems(inverted).find((s) => s.itemId === 9)!;
    expect(item9.flags).toContain('negative-discrimination');
    expect(item9.discriminationUL).toBe(-1);
  });

  it('flags extreme facility', () => {
    const easy = rows.map((r) => ({ ...r, items: new Map([[7, { credit: 1, chosen: ['A'] }]]) }));
    expect(analyseItems(easy)[0].flags).toContain('too-easy');
  });

  it('returns null correlation for a constant variable', () => {
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(
      kr20([
        [1, 1],
        [1, 1],
      ]),
    ).toBeNull();
  });
});
