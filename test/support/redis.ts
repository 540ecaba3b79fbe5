import { Redis } from 'ioredis';

/** The Redis the tests may use (CI starts one at this address). */
export const REDIS_TEST_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';

/** Whether a Redis answers at the URL within a second. */
export async function redisReachable(url = REDIS_TEST_URL): Promise<boolean> {
  const r = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

/** Whether the global setup found Redis (always in CI, where a missing Redis fails the run). */
export function redisUnderTest(): boolean {
  return Boolean(process.env.CHOUKAO_REDIS_TEST_URL);
}

/** Whether the global setup found both MySQL/MariaDB and Redis (the multi-node tests need both). */
export function clusterUnderTest(): boolean {
  return redisUnderTest() && Boolean(process.env.CHOUKAO_MYSQL_TEST_URL);
}

/**
 * `it` where Redis is there; elsewhere the test is reported as skipped, its title saying why, instead of
 * passing without testing anything.
 */
export function itWithRedis(name: string, fn: jest.ProvidesCallback, timeout?: number): void {
  if (redisUnderTest()) {
    it(name, fn, timeout);
  } else {
    it.skip(`${name} [skipped: no Redis at ${REDIS_TEST_URL}]`, fn, timeout);
  }
}

/** `it` where MySQL/MariaDB and Redis are both there (several app nodes sharing them); else skipped, saying why. */
export function itWithCluster(name: string, fn: jest.ProvidesCallback, timeout?: number): void {
  if (clusterUnderTest()) {
    it(name, fn, timeout);
  } else {
    it.skip(`${name} [skipped: needs MySQL/MariaDB and Redis]`, fn, timeout);
  }
}
