import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';

/**
 * One Lua script on its own Redis connection, for counters that several nodes share (rate limits). Commands
 * wait briefly for the connection (a node's first requests) and then fail, so that the caller can fall back to
 * counting on its own node; the fallback is logged at most once a minute.
 */
export class RedisScript<R> {
  private readonly redis: Redis;
  private lastWarning = 0;

  constructor(
    url: string,
    lua: string,
    private readonly log: Logger,
    private readonly fallbackMessage: string,
  ) {
    this.redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, commandTimeout: 1000 });
    this.redis.defineCommand('choukaoScript', { lua });
    this.redis.connect().catch((err: unknown) => this.warn(err));
    this.redis.on('error', (err) => this.warn(err));
  }

  /** Runs the script with these keys and arguments; null (after logging) when Redis cannot answer. */
  async run(keys: readonly string[], args: ReadonlyArray<string | number>): Promise<R | null> {
    try {
      const script = (this.redis as unknown as { choukaoScript: (...a: unknown[]) => Promise<R> })
        .choukaoScript;
      return await script.call(this.redis, keys.length, ...keys, ...args);
    } catch (err) {
      this.warn(err);
      return null;
    }
  }

  async close(): Promise<void> {
    if (this.redis.status === 'ready') {
      await this.redis.quit().catch(() => undefined);
    } else {
      this.redis.disconnect(); // also stops reconnecting
    }
  }

  private warn(err: unknown): void {
    const now = Date.now();
    if (now - this.lastWarning > 60_000) {
      this.lastWarning = now;
      this.log.warn({ err }, this.fallbackMessage);
    }
  }
}
