import { gradeCounts, totalsHistogram } from './rating-distribution';

describe('rating dashboard distribution', () => {
  it('puts 59.99 below 60, 70.00 in 70–80, 89.99 in 80–90 and 100.00 in 90–100; unknown totals are left out', () => {
    expect(totalsHistogram(['59.99', '70.00', '89.99', '100.00', '90.00', null])).toEqual([1, 0, 1, 1, 2]);
  });

  it('counts the grades in the order 优秀, 良好, 一般, 差 and the pending ones apart', () => {
    expect(gradeCounts(['good', 'poor', null, 'good', 'excellent'])).toEqual({
      grades: [1, 2, 0, 1],
      pending: 1,
    });
  });
});
