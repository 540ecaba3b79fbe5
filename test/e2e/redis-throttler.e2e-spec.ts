import { RedisThrottlerStorage } from '../../src/common/redis-throttler-storage';
import { RedisWindowLimiter } from '../../src/publication/identity-limiter';
import { itWithRedis, REDIS_TEST_URL as REDIS_URL } from '../support/redis';

/** Rate limits shared by the nodes of a deployment through Redis (what several app nodes do with REDIS_URL). */
describe('rate-limit counts in Redis', () => {
  const prefix = `choukao-test-${process.pid}-${Date.now()}`;
  const stores: RedisThrottlerStorage[] = [];
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.onApplicationShutdown()));
  });

  function node(url = REDIS_URL): RedisThrottlerStorage {
    const s = new RedisThrottlerStorage(url, prefix);
    stores.push(s);
    return s;
  }

  itWithRedis('counts the hits of every node against one limit and blocks them all', async () => {
    const [a, b] = [node(), node()];
    const hit = (s: RedisThrottlerStorage, key = '203.0.113.5') => s.increment(key, 60_000, 3, 0, 'login');
    expect((await hit(a)).totalHits).toBe(1);
    expect((await hit(b)).totalHits).toBe(2);
    const third = await hit(a);
    expect(third).toMatchObject({ totalHits: 3, isBlocked: false });
    expect(third.timeToExpire).toBeGreaterThan(50);
    expect(third.timeToExpire).toBeLessThanOrEqual(60);
    const fourth = await hit(b);
    expect(fourth.isBlocked).toBe(true);
    expect(fourth.timeToBlockExpire).toBeGreaterThan(50);
    // Blocked on the other node too, and another address is not affected.
    expect((await hit(a)).isBlocked).toBe(true);
    expect(await hit(a, '203.0.113.6')).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  itWithRedis('starts a new window when the old one expires', async () => {
    const a = node();
    expect((await a.increment('k', 300, 1, 300, 'lookup')).isBlocked).toBe(false);
    expect((await a.increment('k', 300, 1, 300, 'lookup')).isBlocked).toBe(true);
    await new Promise((r) => setTimeout(r, 450));
    expect(await a.increment('k', 300, 1, 300, 'lookup')).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('counts on the node alone while Redis cannot be reached, rather than refusing everyone', async () => {
    const lost = node('redis://127.0.0.1:1');
    const r1 = await lost.increment('x', 60_000, 1, 0, 'login');
    const r2 = await lost.increment('x', 60_000, 1, 0, 'login');
    expect(r1.isBlocked).toBe(false);
    expect(r2.isBlocked).toBe(true);
  });

  describe('the per-name and per-number lookup limit', () => {
    const limiters: RedisWindowLimiter[] = [];
    afterAll(async () => {
      await Promise.all(limiters.map((l) => l.close()));
    });
    const limiter = (url = REDIS_URL) => {
      const l = new RedisWindowLimiter(url, prefix, 2, 60_000);
      limiters.push(l);
      return l;
    };

    itWithRedis('is one limit for every node, and refuses without counting', async () => {
      const [a, b] = [limiter(), limiter()];
      const now = Date.now();
      expect(await a.allow(['name-x', 'id-1'], now)).toBe(true);
      expect(await b.allow(['name-x', 'id-2'], now)).toBe(true);
      // The name is at its limit on both nodes, whatever number comes with it.
      expect(await a.allow(['name-x', 'id-3'], now)).toBe(false);
      expect(await b.allow(['name-x', 'id-4'], now)).toBe(false);
      // A refusal counted nothing: id-3 is still free under another name.
      expect(await b.allow(['name-y', 'id-3'], now)).toBe(true);
      expect(await a.allow(['name-z', 'id-3'], now)).toBe(true);
      expect(await a.allow(['name-w', 'id-3'], now)).toBe(false);
      // The next window starts afresh.
      expect(await a.allow(['name-x', 'id-1'], now + 60_000)).toBe(true);
    });

    it('counts on the node alone while Redis cannot be reached', async () => {
      const lost = limiter('redis://127.0.0.1:1');
      const now = Date.now();
      expect(await lost.allow(['n', 'c'], now)).toBe(true);
      expect(await lost.allow(['n', 'c'], now)).toBe(true);
      expect(await lost.allow(['n', 'c'], now)).toBe(false);
    });
  });
});
