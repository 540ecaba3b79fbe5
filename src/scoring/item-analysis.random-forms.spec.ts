import { kr20, kr20RandomForms } from './item-analysis';

describe('KR-20 over randomly parallel forms', () => {
  it('equals the classic KR-20 when every candidate has the same items', () => {
    const matrix = [
      [1, 1, 1],
      [1, 1, 0],
      [1, 0, 1],
      [0, 1, 0],
      [0, 0, 0],
    ];
    const rows = matrix.map((r) => new Map(r.map((c, j) => [j + 1, c])));
    expect(kr20RandomForms(rows)).toBeCloseTo(kr20(matrix)!, 12);
    expect(kr20RandomForms(rows)).toBeCloseTo(0.461538, 5);
  });

  it('averages each paper’s own Σpq (worked by hand)', () => {
    /*
     * c1 {1:1, 2:1} total 2; c2 {1:0, 3:1} 1; c3 {2:1, 3:0} 1; c4 {1:0, 2:0} 0.
     * p1 = 1/3, p2 = 2/3, p3 = 1/2 → p1q1 = p2q2 = 2/9, p3q3 = 1/4.
     * Σpq per paper: 4/9, 17/36, 17/36, 4/9 → mean 66/144 = 0.458333…
     * totals 2, 1, 1, 0: mean 1, population variance 0.5; k = 2.
     * KR-20 = 2 · (1 − 0.458333/0.5) = 0.166667.
     */
    const rows = [
      new Map([
        [1, 1],
        [2, 1],
      ]),
      new Map([
        [1, 0],
        [3, 1],
      ]),
      new Map([
        [2, 1],
        [3, 0],
      ]),
      new Map([
        [1, 0],
        [2, 0],
      ]),
    ];
    expect(kr20RandomForms(rows)).toBeCloseTo(1 / 6, 10);
  });

  it('is undefined for one candidate, one item, or constant totals', () => {
    expect(kr20RandomForms([new Map([[1, 1]])])).toBeNull();
    expect(kr20RandomForms([new Map([[1, 1]]), new Map([[1, 0]])])).toBeNull();
    expect(
      kr20RandomForms([
        new Map([
          [1, 1],
          [2, 0],
        ]),
        new Map([
          [1, 0],
          [2, 1],
        ]),
      ]),
    ).toBeNull();
  });
});
