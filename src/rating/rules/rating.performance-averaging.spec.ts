import { checkDeduction, DeductionInput, scorePerformance } from './rate';
import { LINYI_2022_40 } from './sheet';

// Object A: 2 unlicensed (item 10: 4 − 2 = 2), ledger irregular (item 12: 10 − 2 = 8), 1 dangerous-work lapse
// (item 15: 4 − 2 = 2); the other items full (2 + 2 + 2 + 2 + 2 + 2 = 12): 2 + 8 + 2 + 12 = 24.
const objectA: DeductionInput[] = [
  { item: 10, rule: '10.unlicensed', count: 2 },
  { item: 12, rule: '12.ledger', count: 1 },
  { item: 15, rule: '15.dangerous-work', count: 1 },
];
// Object B: many hazards −8 and a major hazard −8 (claimed 16, item 12 stops at 10: 0), training 3 times −3
// (item 18 stops at 2: 0), 1 non-conforming rule (item 13: 2 − 1 = 1):
// 4 + 2 + 0 + 1 + 2 + 4 + 2 + 2 + 0 = 17.
const objectB: DeductionInput[] = [
  { item: 12, rule: '12.many-hazards', count: 1 },
  { item: 12, rule: '12.major-hazard', count: 1 },
  { item: 18, rule: '18.training', count: 3 },
  { item: 13, rule: '13.nonconforming', count: 1 },
];
// Object C: nothing found, 30.
const objectC: DeductionInput[] = [];

describe('工作实绩 (items 10–18): each inspected object scored, then 取平均值', () => {
  it('objects of 24, 17 and 30 average (24 + 17 + 30) / 3 = 23.666… → 23.67', () => {
    const p = scorePerformance(LINYI_2022_40, [objectA, objectB, objectC]);
    expect(p.objects.map((o) => o.total)).toEqual([2400, 1700, 3000]);
    expect(p.score).toBe(2367);
  });

  it('per-item means: item 10 (2 + 4 + 4) / 3 = 3.33, item 12 (8 + 0 + 10) / 3 = 6.00, item 18 (2 + 0 + 2) / 3 = 1.33', () => {
    const p = scorePerformance(LINYI_2022_40, [objectA, objectB, objectC]);
    const mean = (no: number) => p.itemMeans.find((m) => m.no === no)?.mean;
    expect([mean(10), mean(12), mean(18)]).toEqual([333, 600, 133]);
  });

  it('item 12 of object B: 8 + 8 = 16 claimed, deducted 10, never below 0', () => {
    const item12 = scorePerformance(LINYI_2022_40, [objectB]).objects[0].items.find((i) => i.no === 12);
    expect(item12).toEqual({ no: 12, max: 1000, claimed: 1600, deducted: 1000, score: 0, zeroedBy: null });
  });

  it('items 11, 14, 16, 17 deduct their 2 points once; item 15 stops at 4', () => {
    const o: DeductionInput[] = [
      { item: 11, rule: '11.emergency-plan', count: 1 },
      { item: 14, rule: '14.fatal-accident', count: 1 },
      { item: 16, rule: '16.responsibility', count: 1 },
      { item: 17, rule: '17.generic-rules', count: 1 },
      { item: 17, rule: '17.generic-rules', count: 1 },
      { item: 15, rule: '15.dangerous-work', count: 3 },
    ];
    // 4 + 0 + 10 + 2 + 0 + 0 (6 claimed, stops at 4) + 0 + 0 + 2 = 18
    expect(scorePerformance(LINYI_2022_40, [o]).score).toBe(1800);
  });

  it('rounds half-up: seven objects of 23 and one of 24 average 185 / 8 = 23.125 → 23.13', () => {
    // 23 = 30 − 4 (item 15 twice) − 2 (item 13 twice) − 1 (item 18 once); 24 = 30 − 4 − 2.
    const of23: DeductionInput[] = [
      { item: 15, rule: '15.dangerous-work', count: 2 },
      { item: 13, rule: '13.nonconforming', count: 2 },
      { item: 18, rule: '18.training', count: 1 },
    ];
    const of24 = of23.slice(0, 2);
    const p = scorePerformance(LINYI_2022_40, [of23, of23, of23, of23, of23, of23, of23, of24]);
    expect(p.score).toBe(2313);
  });

  it('without an inspected object there is no part score (never read as 0)', () => {
    expect(scorePerformance(LINYI_2022_40, []).score).toBeNull();
  });

  it('items 10–18 are recorded under a service object, not the agency', () => {
    expect(() => checkDeduction(LINYI_2022_40, { item: 12, rule: '12.ledger', count: 1 }, 'agency')).toThrow(
      '服务对象',
    );
    expect(
      checkDeduction(LINYI_2022_40, { item: 12, rule: '12.ledger', count: 1 }, 'service-object').code,
    ).toBe('12.ledger');
  });
});
