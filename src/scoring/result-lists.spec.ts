import { classify, passMark100, rankAgencies } from './result-lists';

describe('passMark100', () => {
  it('scales the pass mark to the 100-point scale', () => {
    expect(passMark100(60, 100)).toBe(6000);
    expect(passMark100(72, 120)).toBe(6000);
    expect(passMark100(80, 100)).toBe(8000);
    // 50 of 75 = 66.666… → 66.67
    expect(passMark100(50, 75)).toBe(6667);
  });
});

describe('classify', () => {
  it('passes a graded score at the pass mark and fails one just below', () => {
    expect(classify('graded', 6000, 6000, 9000)).toEqual({ passed: true, expert: false });
    expect(classify('graded', 5999, 6000, 9000)).toEqual({ passed: false, expert: false });
  });

  it('lists expert candidates at or above the threshold', () => {
    expect(classify('graded', 9000, 6000, 9000)).toEqual({ passed: true, expert: true });
    expect(classify('graded', 8999, 6000, 9000).expert).toBe(false);
    expect(classify('graded', 8500, 6000, 8500).expert).toBe(true);
  });

  it('fails voided and absent candidates whatever the number', () => {
    expect(classify('voided', 9500, 6000, 9000)).toEqual({ passed: false, expert: false });
    expect(classify('absent', 0, 0, 9000)).toEqual({ passed: false, expert: false });
  });
});

describe('rankAgencies', () => {
  it('ranks by component with shared ranks for ties and the agencies without one last', () => {
    const ranked = rankAgencies([
      { agencyId: 1, agencyName: '乙公司', component: 1500 },
      { agencyId: 2, agencyName: '甲公司', component: null },
      { agencyId: 3, agencyName: '丙公司', component: 1800 },
      { agencyId: 4, agencyName: '丁公司', component: 1500 },
    ]);
    expect(ranked.map((a) => [a.agencyId, a.rank])).toEqual([
      [3, 1],
      [4, 2],
      [1, 2],
      [2, null],
    ]);
  });
});
