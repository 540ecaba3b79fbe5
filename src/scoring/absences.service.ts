import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, actorRef } from '../common/actor';
import { ConflictError, NotFoundError, RuleViolationError } from '../common/domain-error';
import { assertAdmin } from '../common/ownership';
import { inTransaction } from '../database/transaction';
import { RecordAbsenceDto } from './dto/absence.dto';
import { GradingService } from './grading.service';
import { RecordedAbsence } from './recorded-absence.entity';
import { ResultsService } from './results.service';

/**
 * Absences an administrator records for drawn technicians who sat no exam (无故缺考, with the reason): the
 * outcome that lets results go ahead for people no sitting will see. An excused absence is an excusal with a
 * substitute instead (sampling), and someone who sat an exam has no absence to record.
 */
@Injectable()
export class AbsencesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly results: ResultsService,
    private readonly grading: GradingService,
    private readonly audit: AuditService,
  ) {}

  async record(actor: Actor, campaignId: number, dto: RecordAbsenceDto): Promise<RecordedAbsence> {
    assertAdmin(actor);
    await this.grading.assertNotFinal(campaignId);
    const result = (await this.results.campaignResults(campaignId)).find(
      (r) => r.technicianId === dto.technicianId,
    );
    if (!result) {
      throw new NotFoundError('本批次抽中人员', dto.technicianId);
    }
    if (result.attemptId !== null) {
      throw new RuleViolationError(`${result.name} 已参加考试，不能登记缺考`, 'attempt_exists');
    }
    return inTransaction(this.ds, async (m) => {
      const repo = m.getRepository(RecordedAbsence);
      if (await repo.exists({ where: { campaignId, technicianId: dto.technicianId } })) {
        throw new ConflictError(`${result.name} 的缺考已登记`, 'absence_exists');
      }
      const row = repo.create({
        campaignId,
        technicianId: dto.technicianId,
        kind: 'unexcused',
        reason: dto.reason,
        recordedBy: actorRef(actor),
        createdAt: new Date(),
      });
      await repo.insert(row);
      await this.audit.record(
        actor,
        {
          action: 'scoring.absence.record',
          target: `campaign:${campaignId}/technician:${dto.technicianId}`,
          details: { kind: row.kind, reason: dto.reason },
        },
        m,
      );
      return row;
    });
  }

  /** Withdraws a recorded absence (e.g. recorded by mistake, or the person is to be placed after all). */
  async withdraw(actor: Actor, campaignId: number, technicianId: number, reason: string): Promise<void> {
    assertAdmin(actor);
    await this.grading.assertNotFinal(campaignId);
    await inTransaction(this.ds, async (m) => {
      const r = await m.delete(RecordedAbsence, { campaignId, technicianId });
      if (!r.affected) {
        throw new NotFoundError('缺考登记', technicianId);
      }
      await this.audit.record(
        actor,
        {
          action: 'scoring.absence.withdraw',
          target: `campaign:${campaignId}/technician:${technicianId}`,
          details: { reason },
        },
        m,
      );
    });
  }
}
