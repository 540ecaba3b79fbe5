import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, actorRef } from '../common/actor';
import { ConflictError, NotFoundError, RuleViolationError } from '../common/domain-error';
import { assertAdmin } from '../common/ownership';
import { inTransaction } from '../database/transaction';
import { RecordAbsenceDto } from './dto/absence.dto';
import { GradingService } from './grading.service';
import { RecordedAbsence } from './recorded-absence.entity';
import { ResultsService } from './results.service';
import { SittingClosedEvent, SittingEvents } from '../sessions/sitting-events';

/**
 * Absences an administrator records for drawn technicians who sat no exam (无故缺考, with the reason): the
 * outcome that lets results go ahead for people no sitting will see. An excused absence is an excusal with a
 * substitute instead (sampling), and someone who sat an exam has no absence to record.
 */
@Injectable()
export class AbsencesService {
  private readonly log = new Logger('AbsencesService');

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

  /**
   * A sitting was closed (结束场次): those placed in it who never started are recorded 无故缺考 with the
   * closing reason, by whoever closed it. Someone already recorded keeps the first record.
   */
  @OnEvent(SittingEvents.closed)
  async onSittingClosed(e: SittingClosedEvent): Promise<void> {
    if (e.absentTechnicianIds.length === 0) {
      return;
    }
    if (await this.grading.isFinal(e.campaignId)) {
      this.log.warn(
        { campaignId: e.campaignId, sittingId: e.sittingId },
        'results final: no absences recorded',
      );
      return;
    }
    const reason = `结束场次“${e.sittingName}”时未参加考试。${e.reason}`.slice(0, 500);
    await inTransaction(this.ds, async (m) => {
      const repo = m.getRepository(RecordedAbsence);
      const existing = await repo.find({
        where: { campaignId: e.campaignId, technicianId: In(e.absentTechnicianIds) },
        select: { technicianId: true },
      });
      const known = new Set(existing.map((x) => x.technicianId));
      const now = new Date();
      const rows = e.absentTechnicianIds
        .filter((t) => !known.has(t))
        .map((technicianId) =>
          repo.create({
            campaignId: e.campaignId,
            technicianId,
            kind: 'unexcused',
            reason,
            recordedBy: actorRef(e.actor),
            createdAt: now,
          }),
        );
      if (rows.length === 0) {
        return;
      }
      await repo.insert(rows);
      await this.audit.record(
        e.actor,
        {
          action: 'scoring.absence.record',
          target: `campaign:${e.campaignId}/sitting:${e.sittingId}`,
          details: {
            kind: 'unexcused',
            reason,
            via: 'sitting.close',
            technicianIds: rows.map((r) => r.technicianId),
          },
        },
        m,
      );
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
