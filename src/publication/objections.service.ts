import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import { ConflictError, NotFoundError } from '../common/domain-error';
import { assertAdmin } from '../common/ownership';
import { inTransaction } from '../database/transaction';
import { objectionsOpen } from './notice';
import { Objection, ObjectionOutcome, ObjectionStatus } from './objection.entity';
import { Publication } from './publication.entity';

/** 异议: filed by anyone during the notice period, answered by an administrator (audited). */
@Injectable()
export class ObjectionsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  async file(
    campaignId: number,
    dto: { name: string; contact: string; content: string; target?: string },
    ip: string,
    now: Date = new Date(),
  ): Promise<Objection> {
    const pub = await this.ds.getRepository(Publication).findOne({ where: { campaignId } });
    if (!pub) {
      throw new NotFoundError('该批次的公示', campaignId);
    }
    if (!objectionsOpen({ end: pub.noticeEnd }, pub.finalisedAt, now)) {
      throw new ConflictError(`公示期已于 ${pub.noticeEnd} 结束，不再受理异议`, 'notice_over', {
        noticeEnd: pub.noticeEnd,
      });
    }
    const repo = this.ds.getRepository(Objection);
    const saved = await repo.save(
      repo.create({
        campaignId,
        version: pub.currentVersion,
        name: dto.name.trim(),
        contact: dto.contact.trim(),
        content: dto.content.trim(),
        target: dto.target?.trim() || null,
        status: 'open',
        answer: null,
        outcome: null,
        answeredBy: null,
        answeredAt: null,
        ip: ip.slice(0, 64),
        receiptCode: newReceiptCode(),
        createdAt: now,
      }),
    );
    return saved;
  }

  /**
   * What the filer may read of their objection, by its receipt code (the number alone opens nothing): the
   * state and, once answered, the verdict and the answer. Unknown codes and other campaigns look alike.
   */
  async byReceipt(campaignId: number, receiptCode: string): Promise<Objection> {
    const o = await this.ds
      .getRepository(Objection)
      .findOne({ where: { campaignId, receiptCode: receiptCode.trim().toUpperCase() } });
    if (!o) {
      throw new NotFoundError('异议', '受理码有误');
    }
    return o;
  }

  async list(actor: Actor, campaignId: number, status?: ObjectionStatus): Promise<Objection[]> {
    assertAdmin(actor);
    return this.ds
      .getRepository(Objection)
      .find({ where: { campaignId, ...(status ? { status } : {}) }, order: { id: 'ASC' } });
  }

  async answer(
    actor: Actor,
    objectionId: number,
    dto: { answer: string; outcome: ObjectionOutcome },
  ): Promise<Objection> {
    assertAdmin(actor);
    return inTransaction(this.ds, async (m) => {
      const o = await m.findOne(Objection, { where: { id: objectionId } });
      if (!o) {
        throw new NotFoundError('异议', objectionId);
      }
      const pub = await m.findOneByOrFail(Publication, { campaignId: o.campaignId });
      if (pub.finalisedAt) {
        throw new ConflictError('该批次成绩已确定', 'results_final');
      }
      const now = new Date();
      await m.update(
        Objection,
        { id: o.id },
        {
          status: 'answered',
          answer: dto.answer,
          outcome: dto.outcome,
          answeredBy: actor.id,
          answeredAt: now,
        },
      );
      await this.audit.record(
        actor,
        {
          action: 'publication.objection.answer',
          target: `objection:${o.id}`,
          details: {
            campaignId: o.campaignId,
            outcome: dto.outcome,
            answer: dto.answer,
            previous: o.status === 'answered' ? { outcome: o.outcome, answer: o.answer } : null,
          },
        },
        m,
      );
      return m.findOneByOrFail(Objection, { id: o.id });
    });
  }
}

/** 16 characters of an alphabet without look-alikes (no 0/O, 1/I/L), in groups of four: XXXX-XXXX-XXXX-XXXX. */
export function newReceiptCode(): string {
  const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
  const bytes = randomBytes(16);
  const chars = Array.from(bytes, (b) => alphabet[b % alphabet.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}
