import { Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { RedisScript } from '../common/redis-script';

/**
 * Fixed-window counters per key (a hashed name or credential), in memory on one node (RedisWindowLimiter below
 * shares them between nodes).
 * Pure apart from its own state: the caller passes the time.
 */
export class WindowLimiter {
  private readonly counts = new Map<string, { window: number; n: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys = 200_000,
  ) {}

  /** Counts one use of every key; false (and nothing counted) when any of them is already at its limit. */
  allow(keys: readonly string[], nowMs: number): boolean {
    const window = Math.floor(nowMs / this.windowMs);
    const entries = keys.map((k) => {
      const e = this.counts.get(k);
      return e && e.window === window ? e : { window, n: 0 };
    });
    if (entries.some((e) => e.n >= this.limit)) {
      return false;
    }
    if (this.counts.size + keys.length > this.maxKeys) {
      this.prune(window);
    }
    keys.forEach((k, i) => {
      entries[i].n += 1;
      this.counts.set(k, entries[i]);
    });
    return true;
  }

  private prune(window: number): void {
    for (const [k, e] of this.counts) {
      if (e.window !== window) {
        this.counts.delete(k);
      }
    }
    if (this.counts.size + 2 > this.maxKeys) {
      // Everyone is in the current window: start over rather than grow without bound.
      this.counts.clear();
    }
  }
}

/** Counts one use of every key unless one is at its limit (atomically); returns 1 when allowed, else 0. */
const ALLOW = `
for _, k in ipairs(KEYS) do
  if tonumber(redis.call('GET', k) or '0') >= tonumber(ARGV[1]) then
    return 0
  end
end
for _, k in ipairs(KEYS) do
  redis.call('INCR', k)
  redis.call('PEXPIRE', k, ARGV[2])
end
return 1
`;

/**
 * The same fixed windows counted in Redis, so that every node of a deployment (REDIS_URL) counts against one
 * limit per name and per number. While Redis cannot be reached the node counts on its own and says so.
 */
export class RedisWindowLimiter {
  private readonly script: RedisScript<number>;
  private readonly local: WindowLimiter;

  constructor(
    url: string,
    private readonly prefix: string,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {
    this.local = new WindowLimiter(limit, windowMs);
    this.script = new RedisScript(
      url,
      ALLOW,
      new Logger(RedisWindowLimiter.name),
      'lookup limits: Redis unreachable, counting on this node only',
    );
  }

  async allow(keys: readonly string[], nowMs: number): Promise<boolean> {
    const window = Math.floor(nowMs / this.windowMs);
    const r = await this.script.run(
      keys.map((k) => `${this.prefix}:lookup-identity:${window}:${k}`),
      [this.limit, this.windowMs],
    );
    return r === null ? this.local.allow(keys, nowMs) : Number(r) === 1;
  }

  close(): Promise<void> {
    return this.script.close();
  }
}

/**
 * The two kinds of keys of one lookup. Refusal is per name and per credential *from one address*: a name
 * sprayed from one address is stopped, but failures from other addresses never lock the person out of their
 * own lookup. The name and the credential across all addresses are counted too, and past the limit every
 * lookup of them is slowed (see LOOKUP_CONTESTED_DELAY_MS) rather than refused, which is what distributed
 * guessing costs while the person still gets an answer.
 */
export interface LookupLimitKeys {
  /** Refused past the limit: (name, address) and (credential, address). */
  perAddress: string[];
  /** Slowed past the limit: the name and the credential alone. */
  perIdentity: string[];
}

/** How long a lookup of a name or credential that is being tried from many addresses waits before answering. */
export const LOOKUP_CONTESTED_DELAY_MS = 2000;

/**
 * The lookup's limiter keys from the per-identity keys (limiterKeys) and the client address. The address is
 * hashed with the identity key, so that the counters hold neither.
 */
export function lookupLimitKeys(identityKeys: readonly string[], ip: string): LookupLimitKeys {
  return {
    perAddress: identityKeys.map((k) =>
      createHash('sha256').update(`${k}\u0000${ip}`).digest('hex').slice(0, 32),
    ),
    perIdentity: identityKeys.map((k) => `any:${k}`),
  };
}
