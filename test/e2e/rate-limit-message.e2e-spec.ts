import { createTestApp, TestApp } from '../support/test-app';

describe('a rate-limited caller is told how long to wait', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', 'ratelimit_wait', { LOGIN_RATE_LIMIT: '2' });
  });
  afterAll(() => t.close());

  it('answers 429 with the seconds left in the message, the body and Retry-After', async () => {
    const attempt = () =>
      t.http().post('/api/auth/login').send({ username: 'admin', password: 'wrong-password' });
    expect((await attempt()).status).toBe(401);
    expect((await attempt()).status).toBe(401);
    const refused = await attempt();
    expect(refused.status).toBe(429);
    const wait = (refused.body as { retryAfterSeconds: number }).retryAfterSeconds;
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    expect(refused.headers['retry-after']).toBe(String(wait));
    expect((refused.body as { message: string }).message).toBe(`请求过于频繁，请 ${wait} 秒后再试`);
  });
});
