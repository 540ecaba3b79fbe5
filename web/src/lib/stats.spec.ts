import { histogram, mean } from './stats';

describe('score histogram', () => {
  it('bins scores by ten points, with 100 in the last bin', () => {
    const h = histogram([0, 9.99, 10, 59.5, 60, 99, 100]);
    expect(h).toHaveLength(10);
    expect(h.map((b) => b.count)).toEqual([2, 1, 0, 0, 0, 1, 1, 0, 0, 2]);
    expect(h[0].label).toBe('0–10)');
    expect(h[9].label).toBe('90–100');
  });

  it('ignores non-numbers and averages', () => {
    expect(histogram([Number.NaN]).every((b) => b.count === 0)).toBe(true);
    expect(mean([])).toBeNull();
    expect(mean([60, 80])).toBe(70);
  });
});
