import { scoreItem } from './rate';
import { itemOf, LINYI_2022_40 } from './sheet';

describe('items 6–9: report review (5 points each)', () => {
  it('item 6: 2 unqualified persons and 1 absent from site: 5 − 3 = 2', () => {
    const s = scoreItem(itemOf(LINYI_2022_40, 6), [
      { item: 6, rule: '6.unqualified', count: 2 },
      { item: 6, rule: '6.absent-or-signature', count: 1 },
    ]);
    expect(s.score).toBe(200);
  });

  it('item 6: 4 certificates lent and 3 unrealistic workloads claim 7, 扣满 5 分为止', () => {
    const s = scoreItem(itemOf(LINYI_2022_40, 6), [
      { item: 6, rule: '6.certificate', count: 4 },
      { item: 6, rule: '6.workload', count: 3 },
    ]);
    expect([s.claimed, s.deducted, s.score]).toEqual([700, 500, 0]);
  });

  it('item 7: a report in the wrong format scores 0 (不得分)', () => {
    const s = scoreItem(itemOf(LINYI_2022_40, 7), [{ item: 7, rule: '7.format', count: 1 }]);
    expect(s).toEqual({ no: 7, max: 500, claimed: 0, deducted: 500, score: 0, zeroedBy: '7.format' });
  });

  it('item 7: a lent qualification scores 0', () => {
    expect(scoreItem(itemOf(LINYI_2022_40, 7), [{ item: 7, rule: '7.qualification', count: 1 }]).score).toBe(
      0,
    );
  });

  it('item 8: a wrong legal basis scores 0; without it 5', () => {
    expect(scoreItem(itemOf(LINYI_2022_40, 8), [{ item: 8, rule: '8.basis', count: 1 }]).score).toBe(0);
    expect(scoreItem(itemOf(LINYI_2022_40, 8), []).score).toBe(500);
  });

  it('item 9: incomplete or falsified content scores 0', () => {
    const s = scoreItem(itemOf(LINYI_2022_40, 9), [{ item: 9, rule: '9.content', count: 1 }]);
    expect([s.score, s.zeroedBy]).toEqual([0, '9.content']);
  });
});
