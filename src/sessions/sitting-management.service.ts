import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, actorRef } from '../common/actor';
import { ConflictError, NotFoundError, RuleViolationError } from '../common/domain-error';
import { assertAdmin } from '../common/ownership';
import { disciplineName } from '../config/disciplines';
import { inTransaction } from '../database/transaction';
import { completeSettings } from '../proctoring/thresholds';
import { Attempt } from './attempt.entity';
import { assertCampaignNotPublished } from './campaign-freeze';
import { DbClock } from './db-clock';
import { isSqlite, lockForUpdate } from '../database/sql';
import {
  CloseSittingResultDto,
  SplitResultDto,
  SplitSittingsDto,
  toSittingResponse,
} from './dto/sitting.dto';
import { PrintoutKind, SittingPrintoutDto } from './dto/sitting-printout.dto';
import { agencyNoticeWorkbook, NoticeRow } from './agency-notice-workbook';
import { SampleSource } from './sample-source';
import { SessionEvents, CandidateChangedEvent } from './session-events';
import { SESSIONS_SETTINGS } from './sessions.tokens';
import type { SessionsSettings } from './sessions.settings';
import { SittingCandidate } from './sitting-candidate.entity';
import { SittingClosedEvent, SittingEvents } from './sitting-events';
import { SittingProctor } from './sitting-proctor.entity';
import { splitByAgency } from './sitting-split';
import { Sitting } from './sitting.entity';
import { newAccessCode, SittingsService } from './sittings.service';

/**
 * Running sittings from the browser once they exist: deleting one that nobody has used, closing one early
 * (结束场次: the no-shows recorded absent so that results need not wait for the window's end), splitting the
 * unplaced drawn list over new sittings by agency, and what is printed for the room and for the agencies.
 */
@Injectable()
export class SittingManagementService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly sittings: SittingsService,
    private readonly emitter: EventEmitter2,
    private readonly clock: DbClock,
    @Inject(SampleSource) private readonly samples: SampleSource,
    @Inject(SESSIONS_SETTINGS) private readonly settings: SessionsSettings,
  ) {}

  /**
   * Deletes a sitting with its placements (their tickets become void) and proctors. Refused once a candidate
   * of it has signed in or started: from then on the sitting is history, to be closed instead.
   */
  async remove(actor: Actor, id: number, reason: string): Promise<void> {
    assertAdmin(actor);
    await inTransaction(this.ds, async (m) => {
      const sitting = await m.getRepository(Sitting).findOne({ where: { id } });
      if (!sitting) {
        throw new NotFoundError('场次', id);
      }
      await assertCampaignNotPublished(m, sitting.campaignId);
      const candidates = await m.getRepository(SittingCandidate).find({ where: { sittingId: id } });
      const attempts = await m.getRepository(Attempt).count({ where: { sittingId: id } });
      const signedIn = candidates.filter((c) => c.lastLoginAt !== null).length;
      if (attempts > 0 || signedIn > 0) {
        throw new ConflictError(
          `场次“${sitting.name}”已有 ${Math.max(attempts, signedIn)} 名考生登录或开始答题，不能删除；` +
            '如需提前收场，请用“结束场次”',
          'sitting-started',
        );
      }
      await m.getRepository(SittingCandidate).delete({ sittingId: id });
      await m.getRepository(SittingProctor).delete({ sittingId: id });
      await m.getRepository(Sitting).delete({ id });
      await this.audit.record(
        actor,
        {
          action: 'sitting.delete',
          target: `sitting:${id}`,
          details: {
            reason,
            campaignId: sitting.campaignId,
            name: sitting.name,
            location: sitting.location,
            windowStart: sitting.windowStart.toISOString(),
            windowEnd: sitting.windowEnd.toISOString(),
            removedCandidates: candidates.map((c) => ({
              technicianId: c.technicianId,
              ticketNumber: c.ticketNumber,
            })),
          },
        },
        m,
      );
    });
  }

  /**
   * 结束场次: the sitting ends now (its window end moves to now, so nobody signs in or starts after), and
   * those placed in it who never started are recorded absent (无故缺考, through scoring's listener). Refused
   * before the window opens (delete or reschedule instead) and while anyone is still answering.
   */
  async close(actor: Actor, id: number, reason: string): Promise<CloseSittingResultDto> {
    await this.sittings.sittingFor(actor, id);
    const now = this.clock.now();
    const done = await inTransaction(this.ds, async (m) => {
      const qb = m.getRepository(Sitting).createQueryBuilder('s').where('s.id = :id', { id });
      lockForUpdate(m, qb);
      const sitting = await qb.getOneOrFail();
      await assertCampaignNotPublished(m, sitting.campaignId);
      if (sitting.closedAt) {
        throw new ConflictError(`场次“${sitting.name}”已于先前结束`, 'sitting-closed');
      }
      if (now < sitting.windowStart) {
        throw new RuleViolationError(
          `场次“${sitting.name}”尚未开始，不能结束；如需取消，请删除场次或修改时间`,
          'sitting-not-started',
        );
      }
      const candidates = await m.getRepository(SittingCandidate).find({ where: { sittingId: id } });
      const attempts = await m.getRepository(Attempt).find({ where: { sittingId: id } });
      const answering = attempts.filter((a) => a.status === 'in_progress');
      if (answering.length > 0) {
        const names = candidates
          .filter((c) => answering.some((a) => a.sittingCandidateId === c.id))
          .map((c) => c.name);
        throw new ConflictError(
          `仍有 ${answering.length} 名考生在答题（${names.slice(0, 10).join('、')}${names.length > 10 ? '等' : ''}），` +
            '请待其交卷或由监考员收卷后再结束场次',
          'candidates-answering',
          { sittingCandidateIds: answering.map((a) => a.sittingCandidateId) },
        );
      }
      const started = new Set(attempts.map((a) => a.sittingCandidateId));
      const absent = candidates.filter((c) => !started.has(c.id));
      const scheduledEnd = sitting.windowEnd;
      sitting.closedAt = now;
      sitting.closedBy = actorRef(actor);
      sitting.closeReason = reason;
      if (now < sitting.windowEnd) {
        sitting.windowEnd = now;
      }
      await m.getRepository(Sitting).update(
        { id },
        {
          closedAt: sitting.closedAt,
          closedBy: sitting.closedBy,
          closeReason: reason,
          windowEnd: sitting.windowEnd,
        },
      );
      await this.audit.record(
        actor,
        {
          action: 'sitting.close',
          target: `sitting:${id}`,
          details: {
            reason,
            scheduledEnd: scheduledEnd.toISOString(),
            closedAt: now.toISOString(),
            finished: attempts.length,
            absentTechnicianIds: absent.map((c) => c.technicianId),
          },
        },
        m,
      );
      return { sitting, finished: attempts.length, absent, candidateCount: candidates.length };
    });
    const event: SittingClosedEvent = {
      actor,
      sittingId: id,
      sittingName: done.sitting.name,
      campaignId: done.sitting.campaignId,
      reason,
      absentTechnicianIds: done.absent.map((c) => c.technicianId),
    };
    // Scoring records the absences; awaited so that the answer reflects them (a failure there is logged by
    // the emitter, and the results still count the no-shows absent: the window has ended).
    await this.emitter.emitAsync(SittingEvents.closed, event);
    if (done.absent.length > 0) {
      const changed: CandidateChangedEvent = {
        sittingId: id,
        sittingCandidateIds: done.absent.map((c) => c.id),
      };
      this.emitter.emit(SessionEvents.candidateChanged, changed);
    }
    return {
      sitting: toSittingResponse(done.sitting, await this.sittings.proctorIds(id), done.candidateCount),
      finished: done.finished,
      absentTechnicianIds: event.absentTechnicianIds,
    };
  }

  /**
   * Creates the given sittings and spreads the campaign's drawn technicians who have no sitting yet over
   * them, each agency kept in one sitting where the seats allow (`splitByAgency`). Refused when the seats
   * are fewer than the people, so that nobody is silently left out.
   */
  async split(actor: Actor, dto: SplitSittingsDto): Promise<SplitResultDto> {
    assertAdmin(actor);
    await this.sittings.checkCampaign(dto.campaignId);
    dto.sittings.forEach((s, i) => {
      if (Date.parse(s.windowEnd) <= Date.parse(s.windowStart)) {
        throw new RuleViolationError(`第 ${i + 1} 个场次：结束时间须晚于开始时间`, 'bad-window');
      }
    });
    const proctorIds = [...new Set(dto.sittings.flatMap((s) => s.proctorIds ?? []))];
    await this.sittings.checkProctors(proctorIds);
    const sample = await this.samples.sampledTechnicians(dto.campaignId);
    const created = await inTransaction(this.ds, async (m) => {
      // Serialise with other placements of the campaign: lock its sittings (MySQL; SQLite has one writer).
      if (!isSqlite(m)) {
        await m
          .getRepository(Sitting)
          .createQueryBuilder('s')
          .where('s.campaign_id = :c', { c: dto.campaignId })
          .setLock('pessimistic_write')
          .getMany();
      }
      await assertCampaignNotPublished(m, dto.campaignId);
      const placed = await m.getRepository(SittingCandidate).find({
        where: { campaignId: dto.campaignId },
        select: { technicianId: true },
      });
      const placedIds = new Set(placed.map((p) => p.technicianId));
      const unplaced = sample.filter((t) => !placedIds.has(t.technicianId));
      if (unplaced.length === 0) {
        throw new RuleViolationError('抽考名单中的人员都已安排场次，没有需要拆分的人员', 'nothing-to-place');
      }
      const seats = dto.sittings.reduce((s, x) => s + x.capacity, 0);
      if (seats < unplaced.length) {
        throw new RuleViolationError(
          `${dto.sittings.length} 个场次共 ${seats} 个座位，少于未安排的 ${unplaced.length} 人；请增加场次或容量`,
          'not-enough-seats',
        );
      }
      const plan = splitByAgency(
        unplaced,
        dto.sittings.map((s) => s.capacity),
      );
      const now = new Date();
      const out: Array<{ sitting: Sitting; proctorIds: number[]; count: number }> = [];
      for (const [i, item] of dto.sittings.entries()) {
        const sitting = await m.getRepository(Sitting).save(
          m.getRepository(Sitting).create({
            campaignId: dto.campaignId,
            name: item.name,
            mode: item.mode,
            location: item.location,
            windowStart: new Date(item.windowStart),
            windowEnd: new Date(item.windowEnd),
            durationSeconds: item.durationSeconds,
            lateEntrySeconds: item.lateEntrySeconds,
            capacity: item.capacity,
            accessCode: newAccessCode(),
            accessCodeRevealedAt: null,
            proctoring: completeSettings(undefined),
            closedAt: null,
            closedBy: null,
            closeReason: null,
            createdAt: now,
          }),
        );
        const pids = [...new Set(item.proctorIds ?? [])];
        if (pids.length > 0) {
          await m
            .getRepository(SittingProctor)
            .insert(pids.map((userId) => ({ sittingId: sitting.id, userId })));
        }
        await this.sittings.placeInSitting(m, sitting, plan.sittings[i], []);
        await this.audit.record(
          actor,
          {
            action: 'sitting.create',
            target: `sitting:${sitting.id}`,
            details: { ...item, campaignId: dto.campaignId, proctorIds: pids, via: 'split' },
          },
          m,
        );
        out.push({ sitting, proctorIds: pids, count: plan.sittings[i].length });
      }
      await this.audit.record(
        actor,
        {
          action: 'sitting.split',
          target: `campaign:${dto.campaignId}`,
          details: {
            sittings: out.map((o, i) => ({
              sittingId: o.sitting.id,
              technicianIds: plan.sittings[i].map((t) => t.technicianId),
            })),
            splitAgencyIds: plan.splitAgencyIds,
          },
        },
        m,
      );
      return { out, placed: unplaced.length, splitAgencyIds: plan.splitAgencyIds };
    });
    for (const o of created.out) {
      if (o.count > 0) {
        await this.sittings.attachPapers(o.sitting.id);
      }
    }
    return {
      sittings: created.out.map((o) => toSittingResponse(o.sitting, o.proctorIds, o.count)),
      placed: created.placed,
      splitAgencyIds: created.splitAgencyIds,
    };
  }

  /**
   * What the sign-in sheet and the seating plan print: the sitting and its candidates by seat, with the full
   * ID number (a staff-only sheet the proctor checks identity cards against). Reading it is audited.
   */
  async printout(actor: Actor, id: number, kind: PrintoutKind): Promise<SittingPrintoutDto> {
    const sitting = await this.sittings.sittingFor(actor, id);
    const rows = await this.ds
      .getRepository(SittingCandidate)
      .find({ where: { sittingId: id }, order: { seat: 'ASC' } });
    await this.audit.record(actor, {
      action: 'sitting.printout',
      target: `sitting:${id}`,
      details: { kind, candidates: rows.length },
    });
    return {
      organiser: this.settings.EXAM_ORGANISER,
      sitting: toSittingResponse(sitting, await this.sittings.proctorIds(id), rows.length),
      candidates: rows.map((c) => ({
        seat: c.seat,
        name: c.name,
        idNumber: c.idNumber,
        ticketNumber: c.ticketNumber,
        agencyName: c.agencyName,
        discipline: disciplineName(c.discipline),
      })),
    };
  }

  /**
   * 通知各机构: the campaign's drawn list grouped by agency, with each person's sitting, time, place, seat
   * and ticket number (or 未安排), as an Excel workbook for the notices sent to the agencies.
   */
  async agencyNotice(actor: Actor, campaignId: number): Promise<Buffer> {
    assertAdmin(actor);
    const sample = await this.samples.sampledTechnicians(campaignId);
    const places = await this.ds.getRepository(SittingCandidate).find({
      where: { campaignId },
      select: { technicianId: true, sittingId: true, seat: true, ticketNumber: true },
    });
    const sittingIds = [...new Set(places.map((p) => p.sittingId))];
    const sittings =
      sittingIds.length === 0
        ? []
        : await this.ds.getRepository(Sitting).find({ where: { id: In(sittingIds) } });
    const sittingOf = new Map(sittings.map((s) => [s.id, s]));
    const placeOf = new Map(places.map((p) => [p.technicianId, p]));
    const rows: NoticeRow[] = sample.map((t) => {
      const p = placeOf.get(t.technicianId);
      const s = p ? sittingOf.get(p.sittingId) : undefined;
      return {
        agencyId: t.agencyId,
        agencyName: t.agencyName,
        agencyCode: t.agencyCode,
        name: t.name,
        discipline: disciplineName(t.discipline),
        via: t.via,
        sitting:
          s && p
            ? {
                name: s.name,
                mode: s.mode,
                location: s.location,
                windowStart: s.windowStart,
                windowEnd: s.windowEnd,
                seat: p.seat,
                ticketNumber: p.ticketNumber,
              }
            : null,
      };
    });
    await this.audit.record(actor, {
      action: 'sitting.agency-notice-export',
      target: `campaign:${campaignId}`,
      details: { people: rows.length },
    });
    return agencyNoticeWorkbook(rows);
  }
}
