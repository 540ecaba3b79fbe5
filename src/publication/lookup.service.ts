import { HttpException, HttpStatus, Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/actor';
import { assertAdmin } from '../common/ownership';
import { LookupLogEntry } from './lookup-log.entity';
import {
  LOOKUP_CONTESTED_DELAY_MS,
  lookupLimitKeys,
  RedisWindowLimiter,
  WindowLimiter,
} from './identity-limiter';
import { identityHash, IdentityKind, limiterKeys, sameDigest } from './lookup-identity';
import { LookupLogWriter } from './lookup-log.writer';
import { PUBLICATION_SETTINGS, PublicationSettings } from './publication.settings';
import type { PublishedBreakdown, PublishedRemark } from './published-candidate.entity';

/** The one answer for "no such person" and "wrong details" alike. */
export const LOOKUP_NOT_FOUND = '未查询到与所填姓名和证件号码（或准考证号）相符的成绩，请核对后重试';

export class LookupNotFound extends HttpException {
  constructor() {
    super({ statusCode: 404, code: 'lookup_not_found', message: LOOKUP_NOT_FOUND }, HttpStatus.NOT_FOUND);
  }
}

export class LookupLimited extends HttpException {
  constructor() {
    super(
      { statusCode: 429, code: 'rate_limited', message: '该姓名或证件号码的查询次数过多，请稍后再试' },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

export interface LookupHit {
  campaignId: number;
  campaignName: string;
  version: number;
  seq: number;
  agencyName: string;
  maskedName: string;
  discipline: string;
  score100: number;
  passed: boolean;
  remark: PublishedRemark;
  breakdown: PublishedBreakdown;
}

interface PublicationKey {
  campaignName: string;
  version: number;
  lookupKey: string;
  at: number;
}

/** How long a node trusts its copy of a publication's key and version (a re-publication shows within it). */
const KEY_TTL_MS = 1000;
/** Published campaigns whose rows a node keeps in memory for lookups (the most recently looked up). */
const MAX_INDEXES = 8;

/** A published row as a lookup answers it, with the identity hashes it is found by. */
type IndexedRow = Omit<LookupHit, 'campaignId' | 'campaignName' | 'version'> & {
  idHash: string;
  ticketHash: string | null;
};

interface PublishedIndex {
  byId: Map<string, IndexedRow>;
  byTicket: Map<string, IndexedRow>;
}

/**
 * Individual lookup: the person's name and ID number (or admission-ticket number) → their own published row.
 * Both kinds of miss take the same path (one HMAC, one map read) and every answer is held to a minimum
 * duration; the name and the credential are each limited per window and per address on top of the per-IP
 * limit, and slowed when tried from many addresses (identity-limiter.ts); every lookup is logged with the HMAC
 * of what was entered, never the number itself.
 */
@Injectable()
export class LookupService implements OnApplicationShutdown {
  private readonly limiter: WindowLimiter | RedisWindowLimiter;
  private readonly keys = new Map<number, PublicationKey | null>();
  private readonly indexes = new Map<number, { version: number; rows: Promise<PublishedIndex> }>();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(PUBLICATION_SETTINGS) private readonly settings: PublicationSettings,
    private readonly logWriter: LookupLogWriter,
    config: ConfigService,
  ) {
    const redisUrl = config.get<string>('REDIS_URL');
    const windowMs = settings.LOOKUP_IDENTITY_WINDOW_SECONDS * 1000;
    // With several nodes (REDIS_URL) the per-name and per-number limits are the deployment's, not each node's.
    this.limiter = redisUrl
      ? new RedisWindowLimiter(
          redisUrl,
          config.get<string>('SOCKET_IO_REDIS_KEY') || 'choukao',
          settings.LOOKUP_IDENTITY_LIMIT,
          windowMs,
        )
      : new WindowLimiter(settings.LOOKUP_IDENTITY_LIMIT, windowMs);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.limiter instanceof RedisWindowLimiter) {
      await this.limiter.close();
    }
  }

  async lookup(
    campaignId: number,
    q: { name: string; idNumber?: string; ticketNumber?: string },
    ip: string,
  ): Promise<LookupHit> {
    const started = Date.now();
    try {
      return await this.find(campaignId, q, ip);
    } finally {
      const wait = this.settings.LOOKUP_MIN_RESPONSE_MS - (Date.now() - started);
      if (wait > 0) {
        await sleep(wait);
      }
    }
  }

  /** Forgets this node's copy of a publication's key and version (after publishing or re-publishing here). */
  forget(campaignId: number): void {
    this.keys.delete(campaignId);
  }

  /** The lookup log of a campaign for administrators: counts by outcome and the latest entries. */
  async log(
    actor: Actor,
    campaignId: number,
  ): Promise<{ counts: Record<string, number>; recent: LookupLogEntry[] }> {
    assertAdmin(actor);
    await this.logWriter.flush();
    const rows: Array<{ outcome: string; n: number | string }> = await this.ds.query(
      'SELECT outcome, COUNT(*) AS n FROM lookup_log WHERE campaign_id = ? GROUP BY outcome',
      [campaignId],
    );
    const recent = await this.ds
      .getRepository(LookupLogEntry)
      .find({ where: { campaignId }, order: { id: 'DESC' }, take: 200 });
    return { counts: Object.fromEntries(rows.map((r) => [r.outcome, Number(r.n)])), recent };
  }

  private async find(
    campaignId: number,
    q: { name: string; idNumber?: string; ticketNumber?: string },
    ip: string,
  ): Promise<LookupHit> {
    const pub = await this.publicationKey(campaignId);
    const kind: IdentityKind = q.idNumber ? 'id' : 'ticket';
    const credential = q.idNumber ?? q.ticketNumber ?? '';
    // An unpublished campaign answers like a miss: the page only offers published ones anyway.
    const key = pub?.lookupKey ?? '0'.repeat(64);
    const hash = identityHash(key, kind, q.name, credential);
    const entry = { campaignId, identityHash: hash, kind, ip: ip.slice(0, 64), createdAt: new Date() };
    const keys = lookupLimitKeys(limiterKeys(key, q.name, credential), ip);
    if (!(await this.limiter.allow(keys.perAddress, Date.now()))) {
      this.logWriter.add({ ...entry, outcome: 'limited' });
      throw new LookupLimited();
    }
    if (!(await this.limiter.allow(keys.perIdentity, Date.now()))) {
      // Tried from many addresses: slowed, never locked, so that the person can still look themselves up.
      await sleep(LOOKUP_CONTESTED_DELAY_MS);
    }
    const index = pub ? await this.index(campaignId, pub.version) : null;
    const row = index ? (kind === 'id' ? index.byId : index.byTicket).get(hash) : undefined;
    if (!pub || !row || !sameDigest((kind === 'id' ? row.idHash : row.ticketHash) ?? '', hash)) {
      this.logWriter.add({ ...entry, outcome: 'not-found' });
      throw new LookupNotFound();
    }
    this.logWriter.add({ ...entry, outcome: 'found' });
    return {
      campaignId,
      campaignName: pub.campaignName,
      version: pub.version,
      seq: row.seq,
      agencyName: row.agencyName,
      maskedName: row.maskedName,
      discipline: row.discipline,
      score100: row.score100,
      passed: row.passed,
      remark: row.remark,
      breakdown: row.breakdown,
    };
  }

  /**
   * The published rows of a campaign's current version, by identity hash, held in memory: a version never
   * changes once published (a correction is a new version), so the node reads it once; every lookup, found or
   * not, is then the same two map reads.
   */
  private index(campaignId: number, version: number): Promise<PublishedIndex> {
    const held = this.indexes.get(campaignId);
    if (held && held.version === version) {
      return held.rows;
    }
    const rows = this.loadIndex(campaignId, version);
    rows.catch(() => this.indexes.delete(campaignId));
    this.indexes.delete(campaignId);
    this.indexes.set(campaignId, { version, rows });
    while (this.indexes.size > MAX_INDEXES) {
      this.indexes.delete(this.indexes.keys().next().value!);
    }
    return rows;
  }

  private async loadIndex(campaignId: number, version: number): Promise<PublishedIndex> {
    const rows: Array<Record<string, unknown>> = await this.ds.query(
      `SELECT seq, agency_name, masked_name, discipline, score100, passed, remark, breakdown, id_hash, ticket_hash
         FROM published_candidates WHERE campaign_id = ? AND version = ?`,
      [campaignId, version],
    );
    const byId = new Map<string, IndexedRow>();
    const byTicket = new Map<string, IndexedRow>();
    for (const r of rows) {
      const row: IndexedRow = {
        seq: Number(r.seq),
        agencyName: String(r.agency_name),
        maskedName: String(r.masked_name),
        discipline: String(r.discipline),
        score100: Number(r.score100),
        passed: Boolean(Number(r.passed)),
        remark: (r.remark as PublishedRemark) ?? null,
        breakdown: (typeof r.breakdown === 'string'
          ? JSON.parse(r.breakdown)
          : r.breakdown) as PublishedBreakdown,
        idHash: String(r.id_hash),
        ticketHash: typeof r.ticket_hash === 'string' ? r.ticket_hash : null,
      };
      byId.set(row.idHash, row);
      if (row.ticketHash) {
        byTicket.set(row.ticketHash, row);
      }
    }
    return { byId, byTicket };
  }

  private async publicationKey(campaignId: number): Promise<PublicationKey | null> {
    const cached = this.keys.get(campaignId);
    if (cached && Date.now() - cached.at < KEY_TTL_MS) {
      return cached;
    }
    const rows: Array<{ campaign_name: string; current_version: number; lookup_key: string }> =
      await this.ds.query(
        'SELECT campaign_name, current_version, lookup_key FROM publications WHERE campaign_id = ?',
        [campaignId],
      );
    const key = rows[0]
      ? {
          campaignName: rows[0].campaign_name,
          version: Number(rows[0].current_version),
          lookupKey: rows[0].lookup_key,
          at: Date.now(),
        }
      : null;
    if (this.keys.size > 1000) {
      this.keys.clear();
    }
    if (key) {
      this.keys.set(campaignId, key);
    }
    return key;
  }
}
