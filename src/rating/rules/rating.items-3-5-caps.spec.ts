import { checkDeduction, scoreItem } from './rate';
import { itemOf, LINYI_2022_40 } from './sheet';

describe('item 3: management systems, 1 point per missing system, 扣满 4 分为止', () => {
  const item = itemOf(LINYI_2022_40, 3);
  it('3 missing systems: 4 − 3 = 1', () => {
    expect(scoreItem(item, [{ item: 3, rule: '3.missing-system', count: 3 }]).score).toBe(100);
  });
  it('6 missing systems claim 6 but stop at 4: score 0', () => {
    const s = scoreItem(item, [{ item: 3, rule: '3.missing-system', count: 6 }]);
    expect([s.claimed, s.deducted, s.score]).toEqual([600, 400, 0]);
  });
});

describe('item 4: archives, keeper −1 once, −1 per incomplete file, 扣满 4 分为止', () => {
  const item = itemOf(LINYI_2022_40, 4);
  it('no keeper and 2 incomplete files: 4 − 1 − 2 = 1', () => {
    const s = scoreItem(item, [
      { item: 4, rule: '4.keeper', count: 1 },
      { item: 4, rule: '4.incomplete-file', count: 1 },
      { item: 4, rule: '4.incomplete-file', count: 1 },
    ]);
    expect(s.score).toBe(100);
  });
  it('no keeper and 5 incomplete files claim 6, stop at 4', () => {
    const s = scoreItem(item, [
      { item: 4, rule: '4.keeper', count: 1 },
      { item: 4, rule: '4.incomplete-file', count: 5 },
    ]);
    expect([s.claimed, s.score]).toEqual([600, 0]);
  });
});

describe('item 5: fees and contracts, −1 per finding each, 扣满 4 分为止', () => {
  const item = itemOf(LINYI_2022_40, 5);
  it('1 irregular fee and 2 missing contracts: 4 − 1 − 2 = 1', () => {
    const s = scoreItem(item, [
      { item: 5, rule: '5.fee', count: 1 },
      { item: 5, rule: '5.no-contract', count: 2 },
    ]);
    expect(s.score).toBe(100);
  });
  it('3 fees and 3 contracts claim 6, stop at 4', () => {
    const s = scoreItem(item, [
      { item: 5, rule: '5.fee', count: 3 },
      { item: 5, rule: '5.no-contract', count: 3 },
    ]);
    expect([s.claimed, s.deducted, s.score]).toEqual([600, 400, 0]);
  });
  it('item 5 is an agency item: it cannot be recorded under a service object', () => {
    expect(() =>
      checkDeduction(LINYI_2022_40, { item: 5, rule: '5.fee', count: 1 }, 'service-object'),
    ).toThrow('不属于工作实绩');
  });
});
