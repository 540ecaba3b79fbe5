import { refreshDelayMs, retryDelayMs } from './token-refresh';

describe('staff token renewal', () => {
  const ttl = 15 * 60_000;

  it('renews at two thirds of the lifetime', () => {
    const issued = 1_000_000;
    expect(refreshDelayMs(issued + ttl, ttl, issued)).toBe(10 * 60_000);
    expect(refreshDelayMs(issued + ttl, ttl, issued + 4 * 60_000)).toBe(6 * 60_000);
  });

  it('renews at once when the page wakes up past that point (a laptop lid opened)', () => {
    const issued = 0;
    expect(refreshDelayMs(issued + ttl, ttl, issued + 12 * 60_000)).toBe(0);
    expect(refreshDelayMs(issued + ttl, ttl, issued + 20 * 60_000)).toBe(0);
  });

  it('retries a failed renewal while the token is still valid, never after', () => {
    expect(retryDelayMs(100_000, 0)).toBe(30_000);
    expect(retryDelayMs(10_000, 0)).toBe(5_000);
    expect(retryDelayMs(500, 0)).toBeNull();
    expect(retryDelayMs(0, 10)).toBeNull();
  });
});
