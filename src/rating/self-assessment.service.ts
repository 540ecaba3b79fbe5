import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import { ConflictError, RuleViolationError } from '../common/domain-error';
import { assertAdmin } from '../common/ownership';
import { inTransaction } from '../database/transaction';
import { chinaDate } from '../publication/notice';
import { RatedAgency } from './entities/rated-agency.entity';
import { RatingSubmission, RatingSubmissionRow } from './entities/submission.entity';
import { RatingService } from './rating.service';
import { givenUp } from './rules/self-assessment';
import {
  checkSubmissionRows,
  submissionColumns,
  submissionTitle,
  SubmissionKind,
  SUBMISSION_KINDS,
} from './rules/submission-lists';
import { readSubmissionSheet, submissionTemplate } from './submission-workbook';

/**
 * 自查自评: the 附件2/附件3 lists uploaded against the templates (by an administrator on the agency's behalf),
 * excuses, and closing the stage, after which an agency that submitted nothing unexcused has given up.
 */
@Injectable()
export class SelfAssessmentService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly rating: RatingService,
    private readonly audit: AuditService,
  ) {}

  template(kind: SubmissionKind): Promise<Buffer> {
    return submissionTemplate(kind);
  }

  async upload(
    actor: Actor,
    ratedAgencyId: number,
    dto: { kind: SubmissionKind; file: string; fileName: string },
    now = new Date(),
  ): Promise<{ kind: SubmissionKind; rows: number; selfAssessedAt: Date | null }> {
    assertAdmin(actor);
    let sheet: { header: string[]; rows: string[][] };
    try {
      sheet = await readSubmissionSheet(Buffer.from(dto.file, 'base64'), submissionColumns(dto.kind).length);
    } catch {
      throw new RuleViolationError('不是有效的 Excel（.xlsx）文件', 'invalid_file');
    }
    const checked = checkSubmissionRows(dto.kind, sheet.header, sheet.rows);
    if (checked.problems.length) {
      throw new RuleViolationError(
        `${submissionTitle(dto.kind)}有 ${checked.problems.length} 处错误，未导入：${checked.problems
          .slice(0, 5)
          .map((p) => `第 ${p.row} 行${p.reason}`)
          .join('；')}`,
        'invalid_submission',
        checked.problems,
      );
    }
    return inTransaction(this.ds, async (m) => {
      const a = await this.rating.mustAgency(m, ratedAgencyId);
      const round = await this.rating.mustRound(m, a.roundId);
      this.rating.assertNotFinal(round);
      if (a.status === 'withdrawn') {
        throw new ConflictError(`${a.name}已退出本轮评定（${a.statusReason ?? ''}）`, 'agency_withdrawn');
      }
      const existing = await m.findOne(RatingSubmission, { where: { ratedAgencyId, kind: dto.kind } });
      if (existing) {
        await m.delete(RatingSubmissionRow, { submissionId: existing.id });
        await m.delete(RatingSubmission, { id: existing.id });
      }
      const inserted = await m.insert(RatingSubmission, {
        ratedAgencyId,
        kind: dto.kind,
        fileName: dto.fileName,
        rowCount: checked.rows.length,
        uploadedBy: actor.id,
        uploadedAt: now,
      });
      const submissionId = (inserted.identifiers[0] as { id: number }).id;
      for (let i = 0; i < checked.rows.length; i += 200) {
        await m.insert(
          RatingSubmissionRow,
          checked.rows.slice(i, i + 200).map((cells, k) => ({ submissionId, seq: i + k + 1, cells })),
        );
      }
      const kinds = (await m.find(RatingSubmission, { where: { ratedAgencyId } })).map((s) => s.kind);
      const complete = SUBMISSION_KINDS.every((k) => kinds.includes(k));
      if (complete && !a.selfAssessedAt) {
        await m.update(RatedAgency, { id: a.id }, { selfAssessedAt: now });
      }
      await this.audit.record(
        actor,
        {
          action: 'rating.self-assessment.upload',
          target: `rating-agency:${ratedAgencyId}`,
          details: {
            kind: dto.kind,
            fileName: dto.fileName,
            rows: checked.rows.length,
            replaced: Boolean(existing),
          },
        },
        m,
      );
      const after = await m.findOneByOrFail(RatedAgency, { id: a.id });
      return { kind: dto.kind, rows: checked.rows.length, selfAssessedAt: after.selfAssessedAt };
    });
  }

  async excuse(actor: Actor, ratedAgencyId: number, reason: string): Promise<RatedAgency> {
    assertAdmin(actor);
    return inTransaction(this.ds, async (m) => {
      const a = await this.rating.mustAgency(m, ratedAgencyId);
      this.rating.assertNotFinal(await this.rating.mustRound(m, a.roundId));
      await m.update(RatedAgency, { id: a.id }, { excuseReason: reason.trim() });
      await this.audit.record(
        actor,
        {
          action: 'rating.self-assessment.excuse',
          target: `rating-agency:${a.id}`,
          details: { reason: reason.trim() },
        },
        m,
      );
      return m.findOneByOrFail(RatedAgency, { id: a.id });
    });
  }

  /** After the stage's last day: the agencies that submitted nothing unexcused are marked as having given up. */
  async close(actor: Actor, roundId: number, now = new Date()): Promise<RatedAgency[]> {
    assertAdmin(actor);
    return inTransaction(this.ds, async (m) => {
      const round = await this.rating.mustRound(m, roundId);
      this.rating.assertNotFinal(round);
      const end = round.stages.selfAssessment.end;
      if (chinaDate(now) <= end) {
        throw new ConflictError(
          `自查自评阶段至 ${end} 结束，期满后方可处理逾期未报送的机构`,
          'stage_not_over',
        );
      }
      const gone = givenUp(await m.find(RatedAgency, { where: { roundId } }), end, chinaDate(now));
      const reason = `逾期（${end} 前）未报送自查自评材料，视为主动放弃等级评定`;
      for (const a of gone) {
        await m.update(RatedAgency, { id: a.id }, { status: 'withdrawn', statusReason: reason });
      }
      await this.audit.record(
        actor,
        {
          action: 'rating.self-assessment.close',
          target: `rating-round:${roundId}`,
          details: { end, givenUp: gone.map((a) => a.agencyId) },
        },
        m,
      );
      return m.find(RatedAgency, { where: { roundId }, order: { code: 'ASC' } });
    });
  }
}
