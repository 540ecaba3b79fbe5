import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { Redis } from 'ioredis';
import { Repository } from 'typeorm';
import type { Env } from '../config/env';
import {
  revokes,
  StaffAccess,
  staffAccessOf,
  StaffClaims,
  StaffEvents,
  StaffRevokedEvent,
  staffTokenAllowed,
} from './staff-access';
import { User } from './user.entity';

/**
 * How long an account's state is trusted without reading the database again. A change made through this
 * service is seen at once by every node sharing Redis (the entry is overwritten there) and by this node; the
 * window only matters for a node counting on its own while Redis is away.
 */
export const STAFF_ACCESS_TTL_MS = 5000;

/**
 * The per-request check of staff tokens: the account's active flag, token version and role, read through a
 * short cache. With REDIS_URL the cache is one Redis key per account shared by every node (a change overwrites
 * it, so revocation takes effect on the next request everywhere); without it, or while Redis cannot answer, a
 * per-node cache of STAFF_ACCESS_TTL_MS.
 */
@Injectable()
export class StaffAccessService implements OnApplicationShutdown {
  private readonly log = new Logger(StaffAccessService.name);
  private readonly local = new Map<number, { access: StaffAccess | null; until: number }>();
  private readonly redis: Redis | null;
  private readonly prefix: string;
  private lastWarning = 0;

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    config: ConfigService<Env, true>,
    private readonly emitter: EventEmitter2,
  ) {
    const url = config.get('REDIS_URL', { infer: true });
    const key = config.get<string | undefined>('SOCKET_IO_REDIS_KEY' as keyof Env) || 'choukao';
    this.prefix = `${key}:staff-access:`;
    this.redis = url
      ? new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, commandTimeout: 1000 })
      : null;
    if (this.redis) {
      this.redis.on('error', (err) => this.warn(err));
      this.redis.connect().catch((err: unknown) => this.warn(err));
    }
  }

  /** Whether this staff token may act now (see staffTokenAllowed). */
  async allows(claims: StaffClaims): Promise<boolean> {
    return staffTokenAllowed(await this.access(claims.sub), claims);
  }

  /**
   * Called after a change to the account was committed: every node sees the new state on its next request,
   * and when the change ends the account's sessions, its open sockets are closed (StaffEvents.revoked).
   */
  async changed(before: StaffAccess, user: User): Promise<void> {
    const after = staffAccessOf(user);
    this.local.set(user.id, { access: after, until: Date.now() + STAFF_ACCESS_TTL_MS });
    if (this.redis) {
      // A plain SET overwrites whatever a concurrent reader cached from before the change (readers use NX).
      await this.redis
        .set(this.prefix + user.id, JSON.stringify(after), 'PX', STAFF_ACCESS_TTL_MS)
        .catch((err: unknown) => this.warn(err));
    }
    if (revokes(before, after)) {
      const e: StaffRevokedEvent = { userId: user.id };
      this.emitter.emit(StaffEvents.revoked, e);
    }
  }

  private async access(userId: number): Promise<StaffAccess | null> {
    if (this.redis) {
      const shared = await this.sharedAccess(userId);
      if (shared !== undefined) {
        return shared;
      }
    }
    const hit = this.local.get(userId);
    if (hit && hit.until > Date.now()) {
      return hit.access;
    }
    const access = await this.load(userId);
    this.local.set(userId, { access, until: Date.now() + STAFF_ACCESS_TTL_MS });
    return access;
  }

  /** The state through Redis; undefined when Redis cannot answer (the caller falls back to its own cache). */
  private async sharedAccess(userId: number): Promise<StaffAccess | null | undefined> {
    const redis = this.redis!;
    let raw: string | null;
    try {
      raw = await redis.get(this.prefix + userId);
    } catch (err) {
      this.warn(err);
      return undefined;
    }
    if (raw !== null) {
      return JSON.parse(raw) as StaffAccess | null;
    }
    const access = await this.load(userId);
    // NX: a change written meanwhile by another node wins over what this read saw before it.
    await redis
      .set(this.prefix + userId, JSON.stringify(access), 'PX', STAFF_ACCESS_TTL_MS, 'NX')
      .catch((err: unknown) => this.warn(err));
    return access;
  }

  private async load(userId: number): Promise<StaffAccess | null> {
    const u = await this.users.findOne({
      where: { id: userId },
      select: { id: true, active: true, tokenVersion: true, role: true },
    });
    return u ? staffAccessOf(u) : null;
  }

  private warn(err: unknown): void {
    const now = Date.now();
    if (now - this.lastWarning > 60_000) {
      this.lastWarning = now;
      this.log.warn({ err }, 'staff access: Redis unreachable, checking accounts on this node only');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.redis) {
      return;
    }
    if (this.redis.status === 'ready') {
      await this.redis.quit().catch(() => undefined);
    } else {
      this.redis.disconnect();
    }
  }
}
