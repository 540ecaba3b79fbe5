import { scoreItem } from './rate';
import { itemOf, LINYI_2022_40 } from './sheet';

const item1 = itemOf(LINYI_2022_40, 1);

describe('item 1: office of 200 m² with meeting, training and archive rooms (4 points)', () => {
  it('no finding keeps the 4 points', () => {
    expect(scoreItem(item1, []).score).toBe(400);
  });

  it('an office of 150 m² loses 2 points: 4 − 2 = 2', () => {
    expect(scoreItem(item1, [{ item: 1, rule: '1.office-area', count: 1 }]).score).toBe(200);
  });

  it('a small office without the rooms loses both: 4 − 2 − 2 = 0', () => {
    const s = scoreItem(item1, [
      { item: 1, rule: '1.office-area', count: 1 },
      { item: 1, rule: '1.facilities', count: 1 },
    ]);
    expect(s).toEqual({ no: 1, max: 400, claimed: 400, deducted: 400, score: 0, zeroedBy: null });
  });

  it('two experts noting the same small office deduct once: 4 − 2 = 2', () => {
    const s = scoreItem(item1, [
      { item: 1, rule: '1.office-area', count: 1 },
      { item: 1, rule: '1.office-area', count: 1 },
    ]);
    expect(s.score).toBe(200);
  });

  it('entries of other items are ignored', () => {
    expect(scoreItem(item1, [{ item: 2, rule: '2.full-time', count: 1 }]).score).toBe(400);
  });
});
