import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { canonicalJson, chainHash, ChainVerdict, StoredAuditRow, verifyChain } from './audit-chain';
import { AuditEntry } from './audit-entry.entity';
import { AuditHead } from './audit-head.entity';
import { Actor, actorRef } from '../common/actor';
import { inTransaction } from '../database/transaction';

export interface AuditRecord {
  action: string;
  target: string;
  details?: Record<string, unknown>;
}

/**
 * Appends to the audit log. Call it inside the transaction of the act it records (pass the manager), so the
 * act and its record land together (and an act rolled back leaves no record).
 */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(actor: Actor | 'system', entry: AuditRecord, manager?: EntityManager): Promise<AuditEntry> {
    if (manager) {
      return this.append(manager, actor, entry);
    }
    return inTransaction(this.dataSource, (m) => this.append(m, actor, entry));
  }

  private async append(m: EntityManager, actor: Actor | 'system', entry: AuditRecord): Promise<AuditEntry> {
    const qb = m.getRepository(AuditHead).createQueryBuilder('h').where('h.id = 1');
    if (m.connection.options.type !== 'better-sqlite3') {
      // SQLite serialises writers itself; on MySQL the head row's lock queues concurrent appenders.
      qb.setLock('pessimistic_write');
    }
    const head = await qb.getOneOrFail();
    const at = new Date();
    const content = {
      seq: head.seq + 1,
      at: at.toISOString(),
      actor: actor === 'system' ? 'system' : actorRef(actor),
      action: entry.action,
      target: entry.target,
      details: canonicalJson(entry.details ?? {}),
    };
    const hash = chainHash(head.hash, content);
    await m.update(AuditHead, { id: 1 }, { seq: content.seq, hash });
    const repo = m.getRepository(AuditEntry);
    return repo.save(repo.create({ ...content, at, prevHash: head.hash, hash }));
  }

  /** Recomputes the whole chain in seq order, in pages. */
  async verify(): Promise<ChainVerdict> {
    const repo = this.dataSource.getRepository(AuditEntry);
    const rows: StoredAuditRow[] = [];
    const page = 5000;
    for (let offset = 0; ; offset += page) {
      const batch = await repo.find({ order: { seq: 'ASC' }, skip: offset, take: page });
      rows.push(...batch.map((r) => ({ ...r, at: r.at.toISOString() })));
      if (batch.length < page) {
        break;
      }
    }
    return verifyChain(rows);
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

export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } };
  const code = e.driverError?.code ?? e.code;
  return (
    code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}
