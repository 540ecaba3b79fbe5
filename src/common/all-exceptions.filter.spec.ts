import { retryAfterSeconds } from './all-exceptions.filter';

describe('retryAfterSeconds', () => {
  it('takes the longest Retry-After-<limit> the throttler set, rounded up', () => {
    expect(retryAfterSeconds({ 'retry-after-login': 12, 'x-ratelimit-limit-login': 10 })).toBe(12);
    expect(retryAfterSeconds({ 'Retry-After-login': '3.2', 'retry-after-lookup': 41 })).toBe(41);
    expect(retryAfterSeconds({ 'retry-after-login': '3.2' })).toBe(4);
  });

  it('is null when no limit said', () => {
    expect(retryAfterSeconds({})).toBeNull();
    expect(retryAfterSeconds(undefined)).toBeNull();
    expect(retryAfterSeconds({ 'retry-after-login': 'soon' })).toBeNull();
  });
});
