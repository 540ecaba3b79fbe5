import { frameworkMessage, retryAfterSeconds, transportMessage } from './all-exceptions.filter';

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

describe('transportMessage', () => {
  it('says in Chinese what the HTTP layer refused', () => {
    expect(transportMessage(413)).toContain('请求内容过大');
    expect(transportMessage(400)).toContain('请求格式有误');
    expect(transportMessage(404)).toBe('请求未被接受');
  });
});

describe('frameworkMessage', () => {
  it('puts request-shape refusals in Chinese and leaves the rest alone', () => {
    expect(frameworkMessage(413, 'Request body is too large')).toBe(transportMessage(413));
    expect(
      frameworkMessage(400, "Body is not valid JSON but content-type is set to 'application/json'"),
    ).toBe(transportMessage(400));
    expect(frameworkMessage(400, 'Validation failed (numeric string is expected)')).toBe(
      '路径中的编号须为数字',
    );
    expect(frameworkMessage(404, 'Cannot GET /api/x')).toBe('Cannot GET /api/x');
  });
});
