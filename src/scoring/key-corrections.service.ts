import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, actorRef } from '../common/actor';
import { ConflictError, NotFoundError, RuleViolationError } from '../common/domain-error';
import { assertAdmin } from '../common/ownership';
import { inTransaction } from '../database/transaction';
import type { AnswerValue } from '../question-bank/question-type';
import { GradingRepository } from './grading.repository';
import { GradingService } from './grading.service';
import { canonicalKey, keyProblem, sameKey, shownToBank } from './key-correction';
import { KeyCorrection } from './key-correction.entity';

/**
 * Key corrections: an administrator corrects an item version's key for a campaign (in the bank's labels) with a
 * reason; every attempt whose paper holds the version is re-graded in the same transaction, each changed grade
 * lands in the results history, and the act is audited. The frozen papers are not touched.
 */
@Injectable()
export class KeyCorrectionsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: GradingRepository,
    private readonly grading: GradingService,
    private readonly audit: AuditService,
  ) {}

  async correct(
    actor: Actor,
    campaignId: number,
    dto: { versionId: number; key: unknown; reason: string },
  ): Promise<{ correction: KeyCorrection; changedAttemptIds: number[] }> {
    assertAdmin(actor);
    return inTransaction(this.ds, async (m) => {
      await this.grading.assertNotFinal(campaignId, m);
      const q = await this.repo.findQuestionWithVersion(campaignId, dto.versionId, m);
      if (!q) {
        throw new NotFoundError('本批次试卷中的题目版本', dto.versionId);
      }
      const bankLabels = [...q.optionOrder].sort();
      const problem = keyProblem(q.type, dto.key, bankLabels);
      if (problem) {
        throw new RuleViolationError(problem, 'invalid_key');
      }
      const newKey = canonicalKey(dto.key as AnswerValue);
      const previous = await m.findOne(KeyCorrection, {
        where: { campaignId, versionId: dto.versionId },
        order: { id: 'DESC' },
      });
      const oldKey: AnswerValue =
        previous?.newKey ??
        (q.type === 'judge'
          ? q.shownKey
          : q.type === 'single'
            ? shownToBank([String(q.shownKey)], q.optionOrder)[0]
            : shownToBank(q.shownKey as string[], q.optionOrder));
      if (sameKey(oldKey, newKey)) {
        throw new ConflictError('更正后的答案与现行答案相同', 'key_unchanged');
      }
      const inserted = await m.insert(KeyCorrection, {
        campaignId,
        itemId: q.itemId,
        versionId: dto.versionId,
        questionType: q.type,
        oldKey,
        newKey,
        reason: dto.reason,
        actorId: actor.id,
        affected: 0,
        changed: 0,
        createdAt: new Date(),
      });
      const id = Number(inserted.identifiers[0].id);
      const attemptIds = await this.repo.findAttemptIdsWithVersion(campaignId, dto.versionId, m);
      const run = await this.grading.gradeAttempts(
        attemptIds,
        { actor: actorRef(actor), cause: 'key-correction', keyCorrectionId: id, reason: dto.reason },
        m,
      );
      await m.update(
        KeyCorrection,
        { id },
        { affected: attemptIds.length, changed: run.changedAttemptIds.length },
      );
      await this.audit.record(
        actor,
        {
          action: 'scoring.key-correction',
          target: `campaign:${campaignId}`,
          details: {
            keyCorrectionId: id,
            itemId: q.itemId,
            versionId: dto.versionId,
            oldKey,
            newKey,
            reason: dto.reason,
            affected: attemptIds.length,
            scoreChanged: run.changedAttemptIds.length,
          },
        },
        m,
      );
      const correction = await m.findOneByOrFail(KeyCorrection, { id });
      return { correction, changedAttemptIds: run.changedAttemptIds };
    });
  }

  async list(actor: Actor, campaignId: number): Promise<KeyCorrection[]> {
    assertAdmin(actor);
    return this.ds.getRepository(KeyCorrection).find({ where: { campaignId }, order: { id: 'ASC' } });
  }
}
