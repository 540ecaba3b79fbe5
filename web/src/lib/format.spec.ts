import { formatDate, formatDateTime, localInputToIso, percent, score2 } from './format';

describe('display formats', () => {
  it('shows instants in China time whatever the machine’s zone', () => {
    expect(formatDateTime('2026-03-01T16:30:05.000Z')).toBe('2026-03-02 00:30');
    expect(formatDateTime('2026-03-01T16:30:05.000Z', true)).toBe('2026-03-02 00:30:05');
    expect(formatDate('2026-03-01T16:30:05.000Z')).toBe('2026-03-02');
    // A calendar date stays as it is (notice periods are China dates already).
    expect(formatDate('2026-06-10')).toBe('2026-06-10');
    expect(formatDateTime(null)).toBe('—');
  });

  it('reads a datetime-local value as China time', () => {
    expect(localInputToIso('2026-03-02T09:00')).toBe('2026-03-02T01:00:00.000Z');
  });

  it('prints scores with two decimals', () => {
    expect(score2(85.5)).toBe('85.50');
    expect(score2('17')).toBe('17.00');
    expect(score2(null)).toBe('—');
    expect(percent(1, 3)).toBe(33);
    expect(percent(0, 0)).toBe(0);
  });
});
