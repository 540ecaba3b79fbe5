import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, MoreThan } from 'typeorm';
import { Actor, actorRef } from '../common/actor';
import { inTransaction } from '../database/transaction';
import {
  canonicalJson,
  ChainPoint,
  ChainVerdict,
  formatAnchor,
  keyedChainHash,
  StoredAuditRow,
  verifyChainPages,
} from './audit-chain';
import { AuditEntry } from './audit-entry.entity';
import { AuditHead } from './audit-head.entity';
import { AUDIT_KEY } from './audit-key';
import { lockForUpdate } from '../database/sql';

export interface AuditRecord {
  action: string;
  target: string;
  details?: Record<string, unknown>;
}

/** Who acted: a signed-in actor, the system itself, or an unidentified caller (a failed sign-in). */
export type AuditActor = Actor | 'system' | 'anonymous';

interface Pending {
  actor: AuditActor;
  entry: AuditRecord;
  resolve: (e: AuditEntry) => void;
  reject: (err: unknown) => void;
}

/** Rows appended in one transaction at most (group commit of records made outside a transaction). */
const BATCH = 200;

/** Rows read per page when verifying. */
const PAGE = 5000;

/** The chain in seq order, a page at a time (keyset pagination, so late pages cost no more). */
export async function* auditRowPages(ds: DataSource): AsyncGenerator<StoredAuditRow[]> {
  const repo = ds.getRepository(AuditEntry);
  for (let after = 0; ;) {
    const batch = await repo.find({ where: { seq: MoreThan(after) }, order: { seq: 'ASC' }, take: PAGE });
    yield batch.map((r) => ({ ...r, at: r.at.toISOString() }));
    if (batch.length < PAGE) {
      return;
    }
    after = batch[batch.length - 1].seq;
  }
}

/** The audit_head row as a chain point. */
export async function readAuditHead(ds: DataSource): Promise<ChainPoint> {
  const h = await ds.getRepository(AuditHead).findOneByOrFail({ id: 1 });
  return { seq: h.seq, hash: h.hash };
}

/**
 * Appends to the audit log, each row keyed with AUDIT_KEY (see audit-chain.ts). Call it inside the
 * transaction of the act it records (pass the manager), so the act and its record land together (and an act
 * rolled back leaves no record). Records made outside a transaction (sign-ins, exports) are group-committed:
 * the callers waiting at one moment share one transaction, and each resolves once its row is durable.
 */
@Injectable()
export class AuditService implements OnApplicationBootstrap {
  private pending: Pending[] = [];
  private flushing: Promise<void> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    /** From resolveAuditKey (scripts pass it themselves). */
    @Inject(AUDIT_KEY) private readonly key: Buffer,
  ) {}

  /** A chain whose newest row predates the key gets a keyed row now, which seals the unkeyed rows before it. */
  async onApplicationBootstrap(): Promise<void> {
    const newest = await this.dataSource
      .getRepository(AuditEntry)
      .findOne({ where: {}, order: { seq: 'DESC' }, select: { seq: true, alg: true } });
    if (newest && newest.alg === 'sha256') {
      await this.record('system', {
        action: 'audit.keyed',
        target: 'audit',
        details: { unkeyedRows: newest.seq },
      });
    }
  }

  record(actor: AuditActor, entry: AuditRecord, manager?: EntityManager): Promise<AuditEntry> {
    if (manager) {
      return this.append(manager, [{ actor, entry }]).then((rows) => rows[0]);
    }
    return new Promise<AuditEntry>((resolve, reject) => {
      this.pending.push({ actor, entry, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  /** Appends what is pending, a batch per transaction, until nothing is left. */
  private async flush(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, BATCH);
        try {
          const rows = await inTransaction(this.dataSource, (m) => this.append(m, batch));
          batch.forEach((p, i) => p.resolve(rows[i]));
        } catch (err) {
          if (batch.length === 1) {
            batch[0].reject(err);
            continue;
          }
          // One bad record must not fail the others that happened to share its transaction: one by one.
          for (const p of batch) {
            await inTransaction(this.dataSource, (m) => this.append(m, [p])).then(
              (rows) => p.resolve(rows[0]),
              (e: unknown) => p.reject(e),
            );
          }
        }
      }
    } finally {
      this.flushing = null;
    }
  }

  private async append(
    m: EntityManager,
    items: ReadonlyArray<{ actor: AuditActor; entry: AuditRecord }>,
  ): Promise<AuditEntry[]> {
    const qb = m.getRepository(AuditHead).createQueryBuilder('h').where('h.id = 1');
    // SQLite serialises writers itself; on MySQL the head row's lock queues concurrent appenders.
    lockForUpdate(m, qb);
    const head = await qb.getOneOrFail();
    const repo = m.getRepository(AuditEntry);
    const at = new Date();
    let prev = head.hash;
    let seq = head.seq;
    const rows = items.map(({ actor, entry }) => {
      seq += 1;
      const content = {
        seq,
        at: at.toISOString(),
        actor: typeof actor === 'string' ? actor : actorRef(actor),
        action: entry.action,
        target: entry.target,
        details: canonicalJson(entry.details ?? {}),
      };
      const hash = keyedChainHash(this.key, prev, content);
      const row = repo.create({ ...content, at, prevHash: prev, hash, alg: 'hmac-sha256' });
      prev = hash;
      return row;
    });
    await m.update(AuditHead, { id: 1 }, { seq, hash: prev });
    await repo.insert(rows);
    return rows;
  }

  /** Recomputes the whole chain and checks that it ends at the head (and passes through each anchor). */
  async verify(anchors: ChainPoint[] = []): Promise<ChainVerdict> {
    const head = await readAuditHead(this.dataSource);
    return verifyChainPages(auditRowPages(this.dataSource), { key: this.key, head, anchors });
  }

  /** The current end of the chain, to be copied outside the database (published documents, the operator). */
  async head(): Promise<ChainPoint & { at: string | null; anchor: string }> {
    const head = await readAuditHead(this.dataSource);
    const row = await this.dataSource
      .getRepository(AuditEntry)
      .findOne({ where: { seq: head.seq }, select: { seq: true, at: true } });
    return { ...head, at: row ? row.at.toISOString() : null, anchor: formatAnchor(head) };
  }

  /**
   * The printed anchor ("<seq>:<hash>", see formatAnchor) of the first row recording `action` on `target`, e.g.
   * a campaign's draw for its published draw record; null when there is none.
   */
  async anchorOf(action: string, target: string): Promise<string | null> {
    const row = await this.dataSource.getRepository(AuditEntry).findOne({
      where: { action, target },
      order: { seq: 'ASC' },
      select: { seq: true, hash: true },
    });
    return row ? formatAnchor(row) : null;
  }

  async list(limit: number, beforeSeq?: number): Promise<AuditEntry[]> {
    const qb = this.dataSource
      .getRepository(AuditEntry)
      .createQueryBuilder('a')
      .orderBy('a.seq', 'DESC')
      .limit(limit);
    if (beforeSeq) {
      qb.where('a.seq < :beforeSeq', { beforeSeq });
    }
    return qb.getMany();
  }
}

/** How the row recording an act is printed on public documents (what --anchor takes), see formatAnchor. */
export function auditHeadOf(e: { seq: number; hash: string }): string {
  return formatAnchor(e);
}
