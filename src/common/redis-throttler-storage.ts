import { Logger, OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
// The package's own in-memory storage (not re-exported by its index): the fallback while Redis is away.
import { ThrottlerStorageService } from '@nestjs/throttler/dist/throttler.service';
import { RedisScript } from './redis-script';

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
  private readonly script: RedisScript<HitReply>;
  private readonly local = new ThrottlerStorageService();

  constructor(
    url: string,
    private readonly prefix = 'choukao',
  ) {
    this.script = new RedisScript(
      url,
      HIT,
      new Logger(RedisThrottlerStorage.name),
      'rate limits: Redis unreachable, counting on this node only',
    );
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const base = `${this.prefix}:throttle:${throttlerName}:${key}`;
    const reply = await this.script.run(
      [`${base}:hits`, `${base}:block`],
      [ttl, limit, blockDuration > 0 ? blockDuration : ttl],
    );
    if (!reply) {
      return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
    }
    const [hits, left, blocked, blockLeft] = reply;
    return {
      totalHits: Number(hits),
      timeToExpire: Math.max(0, Math.ceil(Number(left) / 1000)),
      isBlocked: Number(blocked) === 1,
      timeToBlockExpire: Math.max(0, Math.ceil(Number(blockLeft) / 1000)),
    };
  }

  async onApplicationShutdown(): Promise<void> {
    this.local.onApplicationShutdown();
    await this.script.close();
  }
}
