import { Logger, OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
// The package's own in-memory storage (not re-exported by its index): the fallback while Redis is away.
import { ThrottlerStorageService } from '@nestjs/throttler/dist/throttler.service';
import { Redis } from 'ioredis';

/**
 * One hit, atomically: a fixed window per key (its counter expires with the window) and, once the limit is
 * passed, a block of its own length. Returns [hits, ms left in the window, blocked 0|1, ms left of the block].
 */
const HIT = `
local blockLeft = redis.call('PTTL', KEYS[2])
if blockLeft > 0 then
  return { tonumber(ARGV[2]) + 1, redis.call('PTTL', KEYS[1]), 1, blockLeft }
end
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
local left = redis.call('PTTL', KEYS[1])
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  return { hits, left, 1, tonumber(ARGV[3]) }
end
return { hits, left, 0, 0 }
`;

type HitReply = [number, number, number, number];

/**
 * Rate-limit counts kept in Redis, so that every node of a deployment counts against the same limits (sign-in,
 * public lookup, candidate login). While Redis cannot be reached the node counts on its own, as a single node
 * would, and says so in the log.
 */
export class RedisThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly log = new Logger(RedisThrottlerStorage.name);
  private readonly redis: Redis;
  private readonly local = new ThrottlerStorageService();
  private lastWarning = 0;

  constructor(
    url: string,
    private readonly prefix = 'choukao',
  ) {
    // Commands wait for the connection briefly (a node's first requests), then fall back rather than hang.
    this.redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, commandTimeout: 1000 });
    this.redis.defineCommand('choukaoHit', { numberOfKeys: 2, lua: HIT });
    this.redis.connect().catch((err: unknown) => this.warn(err));
    this.redis.on('error', (err) => this.warn(err));
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const base = `${this.prefix}:throttle:${throttlerName}:${key}`;
    try {
      const hit = (this.redis as unknown as { choukaoHit: (...a: unknown[]) => Promise<HitReply> })
        .choukaoHit;
      const [hits, left, blocked, blockLeft] = await hit.call(
        this.redis,
        `${base}:hits`,
        `${base}:block`,
        ttl,
        limit,
        blockDuration > 0 ? blockDuration : ttl,
      );
      return {
        totalHits: Number(hits),
        timeToExpire: Math.max(0, Math.ceil(Number(left) / 1000)),
        isBlocked: Number(blocked) === 1,
        timeToBlockExpire: Math.max(0, Math.ceil(Number(blockLeft) / 1000)),
      };
    } catch (err) {
      this.warn(err);
      return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.local.onApplicationShutdown();
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
      this.log.warn({ err }, 'rate limits: Redis unreachable, counting on this node only');
    }
  }
}
