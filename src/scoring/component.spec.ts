import { agencyComponent, formatCenti } from './component';

describe('agencyComponent', () => {
  it('converts the mean of 100-point scores to 20 points', () => {
    const c = agencyComponent([
      { status: 'graded', score100: 9000 },
      { status: 'graded', score100: 8000 },
    ]);
    expect(c).toEqual({ n: 2, sum: 17000, mean: 8500, component: 1700 });
    expect(formatCenti(c.component!)).toBe('17.00');
  });

  it('rounds half-up to two decimals', () => {
    // mean 83.325 → component 16.665 → 16.67 (half-up)
    expect(
      agencyComponent([
        { status: 'graded', score100: 8332 },
        { status: 'graded', score100: 8333 },
      ]),
    ).toMatchObject({ mean: 8333, component: 1667 });
    // mean 61.1/3 style repeating decimals: (7000+6000+5000+4001)/4 = 5500.25 → component 11.0005 → 11.00
    expect(
      agencyComponent([7000, 6000, 5000, 4001].map((s) => ({ status: 'graded' as const, score100: s }))),
    ).toMatchObject({ component: 1100 });
    // sum 2 centi over 5 candidates: component 0.08/100… = 0.0008 → 0.00; sum 3 over 1: 0.006 → 0.01
    expect(agencyComponent([{ status: 'graded', score100: 3 }])).toMatchObject({ component: 1 });
  });

  it('counts voided and unexcused-absent candidates as 0', () => {
    const c = agencyComponent([
      { status: 'graded', score100: 9000 },
      { status: 'voided' },
      { status: 'absent' },
    ]);
    expect(c).toEqual({ n: 3, sum: 9000, mean: 3000, component: 600 });
  });

  it('gives no component to an agency without candidates', () => {
    expect(agencyComponent([])).toEqual({ n: 0, sum: 0, mean: null, component: null });
  });

  it('gives the full 20 points for all full marks', () => {
    expect(agencyComponent([{ status: 'graded', score100: 10000 }])).toMatchObject({ component: 2000 });
  });
});
