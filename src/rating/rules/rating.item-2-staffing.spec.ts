import { checkDeduction, RatingInputError, scoreItem } from './rate';
import { itemOf, LINYI_2022_40 } from './sheet';

const item2 = itemOf(LINYI_2022_40, 2);

describe('item 2: full-time technical staff (4 points)', () => {
  it('9 full-time staff (fewer than 10) lose 2 points: 4 − 2 = 2', () => {
    expect(scoreItem(item2, [{ item: 2, rule: '2.full-time', count: 1 }]).score).toBe(200);
  });

  it('6 注安/评价师 (2 short of 8) lose 1 point each: 4 − 2 × 1 = 2', () => {
    expect(scoreItem(item2, [{ item: 2, rule: '2.certified', count: 2 }]).score).toBe(200);
  });

  it('4 mid-level titles (1 short of 5) and 7 注安 (1 short of 8): 4 − 1 − 1 = 2', () => {
    const s = scoreItem(item2, [
      { item: 2, rule: '2.mid-title', count: 1 },
      { item: 2, rule: '2.certified', count: 1 },
    ]);
    expect(s.score).toBe(200);
  });

  it('9 staff, 5 注安 (3 short) and 3 titles (2 short) claim 2 + 3 + 2 = 7 but the item stops at 0', () => {
    const s = scoreItem(item2, [
      { item: 2, rule: '2.full-time', count: 1 },
      { item: 2, rule: '2.certified', count: 3 },
      { item: 2, rule: '2.mid-title', count: 2 },
    ]);
    expect(s).toEqual({ no: 2, max: 400, claimed: 700, deducted: 400, score: 0, zeroedBy: null });
  });

  it('a once-rule with a count other than 1 is refused', () => {
    expect(() => checkDeduction(LINYI_2022_40, { item: 2, rule: '2.full-time', count: 2 }, 'agency')).toThrow(
      RatingInputError,
    );
  });

  it('a count of 0, a fraction or an unknown rule is refused', () => {
    expect(() => checkDeduction(LINYI_2022_40, { item: 2, rule: '2.certified', count: 0 }, 'agency')).toThrow(
      '1–999',
    );
    expect(() =>
      checkDeduction(LINYI_2022_40, { item: 2, rule: '2.certified', count: 1.5 }, 'agency'),
    ).toThrow(RatingInputError);
    expect(() =>
      checkDeduction(LINYI_2022_40, { item: 2, rule: '1.facilities', count: 1 }, 'agency'),
    ).toThrow('没有扣分规则');
    expect(() => checkDeduction(LINYI_2022_40, { item: 21, rule: 'x', count: 1 }, 'agency')).toThrow(
      '没有第 21 项',
    );
  });
});
