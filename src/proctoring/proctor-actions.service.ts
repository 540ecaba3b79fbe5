import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import { ConflictError, NotFoundError, RuleViolationError } from '../common/domain-error';
import { inTransaction } from '../database/transaction';
import { AnswerWriter } from '../sessions/answer-writer';
import { Attempt } from '../sessions/attempt.entity';
import { assertCampaignNotPublished } from '../sessions/campaign-freeze';
import { AttemptsService } from '../sessions/attempts.service';
import { DbClock } from '../sessions/db-clock';
import { extendedDeadline } from '../sessions/exam-clock';
import { REPLACED_MESSAGE } from '../sessions/candidate-auth.service';
import {
  AttemptReopenedEvent,
  AttemptVoidedEvent,
  CandidateChangedEvent,
  CandidateReloginAdmittedEvent,
  CandidateTakenOverEvent,
  CandidateWarnedEvent,
  DeadlineChangedEvent,
  SessionEvents,
} from '../sessions/session-events';
import { SittingCandidate } from '../sessions/sitting-candidate.entity';
import { SittingsService } from '../sessions/sittings.service';
import type { AdmitAllDto, ProctorActionDto } from './dto/proctor-action.dto';
import { eventKindName } from './event-kinds';
import type { LiveCandidateRow } from './live-row';
import { LiveViewService } from './live-view.service';
import { ProctoringEvent } from './proctoring-event.entity';
import { ProctoringEventsService } from './proctoring-events.service';

/**
 * What a proctor does to a candidate: admit, warn, extend time, force submit, void (作弊), readmit. Each act
 * needs a reason, lands in the proctoring log and the audit log in one transaction, and reaches the
 * candidate at once through the domain events the sessions gateway relays.
 */
@Injectable()
export class ProctorActionsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly emitter: EventEmitter2,
    private readonly audit: AuditService,
    private readonly sittings: SittingsService,
    private readonly attempts: AttemptsService,
    private readonly writer: AnswerWriter,
    private readonly events: ProctoringEventsService,
    private readonly live: LiveViewService,
    private readonly clock: DbClock,
  ) {}

  async act(
    actor: Actor,
    sittingId: number,
    candidateId: number,
    dto: ProctorActionDto,
  ): Promise<LiveCandidateRow> {
    const sitting = await this.sittings.sittingFor(actor, sittingId);
    await assertCampaignNotPublished(this.ds, sitting.campaignId);
    if ((dto.action === 'extend' || dto.action === 'readmit') && !dto.seconds) {
      throw new RuleViolationError(
        `${eventKindName(dto.action)}须填写增加的秒数（seconds）`,
        'seconds-required',
      );
    }
    const pre = await this.ds.getRepository(Attempt).findOne({ where: { sittingCandidateId: candidateId } });
    if (pre && (dto.action === 'force-submit' || dto.action === 'void')) {
      // Answers the candidate sent before the act are committed before it.
      await this.writer.settled(pre.id);
    }
    // The database's time: a readmission's new deadline must not depend on this node's clock.
    const now = this.clock.now();
    const announce: Array<() => void> = [];
    const recorded = await inTransaction(this.ds, async (m) => {
      const c = await this.attempts.lockCandidate(m, candidateId);
      if (!c || c.sittingId !== sittingId) {
        throw new NotFoundError('考生', candidateId);
      }
      const attempt = await this.attempts.lockAttempt(m, { sittingCandidateId: c.id });
      const details: Record<string, unknown> = {};
      const need = (what: string): Attempt => {
        if (!attempt) {
          throw new ConflictError(`考生尚未开始答题，不能${what}`, 'not-started');
        }
        return attempt;
      };
      switch (dto.action) {
        case 'admit': {
          if (attempt) {
            throw new ConflictError('考生已开始答题', 'already-started');
          }
          if (!c.admittedAt) {
            await m
              .getRepository(SittingCandidate)
              .update({ id: c.id }, { admittedAt: now, admittedBy: actor.id });
          }
          const e: CandidateChangedEvent = { sittingId, sittingCandidateIds: [c.id] };
          announce.push(() => this.emitter.emit(SessionEvents.candidateAdmitted, e));
          break;
        }
        case 'warn': {
          const message = dto.message ?? dto.reason;
          details.message = message;
          const e: CandidateWarnedEvent = {
            sittingId,
            sittingCandidateId: c.id,
            message,
            source: 'proctor',
            deadline: attempt?.deadline ?? null,
          };
          announce.push(() => this.emitter.emit(SessionEvents.candidateWarned, e));
          break;
        }
        case 'extend': {
          const a = need('延长时间');
          if (a.status !== 'in_progress') {
            throw new ConflictError(
              '答卷已结束，不能延长时间（如需继续作答请用重新准入）',
              'not-in-progress',
            );
          }
          const deadline = extendedDeadline(a.deadline, dto.seconds!);
          await m
            .getRepository(Attempt)
            .update({ id: a.id }, { deadline, extensionSeconds: a.extensionSeconds + dto.seconds! });
          Object.assign(details, {
            seconds: dto.seconds,
            from: a.deadline.toISOString(),
            to: deadline.toISOString(),
          });
          const e: DeadlineChangedEvent = { attemptId: a.id, sittingId, sittingCandidateId: c.id, deadline };
          announce.push(() => this.emitter.emit(SessionEvents.deadlineChanged, e));
          break;
        }
        case 'force-submit': {
          const a = need('收卷');
          if (a.status !== 'in_progress') {
            throw new ConflictError('答卷已结束', 'not-in-progress');
          }
          const r = await this.attempts.submitIn(m, a.id, 'proctor');
          announce.push(() => this.attempts.announceSubmitted([r.attempt]));
          break;
        }
        case 'void': {
          const a = need('作废');
          if (a.status === 'voided') {
            throw new ConflictError('答卷已作废', 'already-voided');
          }
          await m.getRepository(Attempt).update(
            { id: a.id },
            {
              status: 'voided',
              voidedAt: now,
              voidReason: dto.reason,
              submittedAt: a.submittedAt ?? now,
              submitReason: a.submitReason ?? 'proctor',
            },
          );
          const e: AttemptVoidedEvent = {
            attemptId: a.id,
            sittingId,
            sittingCandidateId: c.id,
            reason: dto.reason,
            voidedAt: now,
          };
          announce.push(() => this.emitter.emit(SessionEvents.attemptVoided, e));
          break;
        }
        case 'admit-relogin': {
          // 再次入场: the newest sign-in waiting for this candidate becomes their login; the earlier device is
          // told it was replaced once this commits.
          const last = (await this.events.lastOfKinds([c.id], ['second-login', 'admit-relogin'], m)).get(
            c.id,
          );
          if (!last || last.kind !== 'second-login' || last.details?.held !== true) {
            throw new ConflictError('该考生没有等待准许的再次入场申请', 'no-relogin-request');
          }
          await m
            .createQueryBuilder()
            .update(SittingCandidate)
            .set({ loginEpoch: () => 'login_epoch + 1', lastLoginAt: now })
            .where('id = :id', { id: c.id })
            .execute();
          const epoch = c.loginEpoch + 1;
          Object.assign(details, { requestId: last.id, epoch, ip: last.details?.ip ?? null });
          const taken: CandidateTakenOverEvent = {
            sittingId,
            sittingCandidateId: c.id,
            epoch,
            message: REPLACED_MESSAGE,
          };
          const admitted: CandidateReloginAdmittedEvent = {
            sittingId,
            sittingCandidateId: c.id,
            requestId: last.id,
            epoch,
          };
          announce.push(() => {
            this.emitter.emit(SessionEvents.candidateTakenOver, taken);
            this.emitter.emit(SessionEvents.candidateReloginAdmitted, admitted);
          });
          break;
        }
        case 'readmit': {
          const a = need('重新准入');
          if (a.status !== 'submitted') {
            throw new ConflictError(
              a.status === 'voided' ? '已作废的答卷不能重新准入' : '考生正在答题，无需重新准入',
              'not-submitted',
            );
          }
          const base = a.deadline.getTime() > now.getTime() ? a.deadline : now;
          const deadline = extendedDeadline(base, dto.seconds!);
          const added = Math.round((deadline.getTime() - a.deadline.getTime()) / 1000);
          await m.getRepository(Attempt).update(
            { id: a.id },
            {
              status: 'in_progress',
              submittedAt: null,
              submitReason: null,
              deadline,
              extensionSeconds: a.extensionSeconds + added,
            },
          );
          Object.assign(details, { seconds: dto.seconds, deadline: deadline.toISOString() });
          const e: AttemptReopenedEvent = { attemptId: a.id, sittingId, sittingCandidateId: c.id, deadline };
          announce.push(() => this.emitter.emit(SessionEvents.attemptReopened, e));
          break;
        }
      }
      const rec = await this.events.recordIn(
        m,
        {
          sittingId,
          sittingCandidateId: c.id,
          attemptId: attempt?.id ?? null,
          kind: dto.action,
          source: 'proctor',
          actorId: actor.kind === 'staff' ? actor.id : null,
          reason: dto.reason,
          details,
        },
        sitting.proctoring,
        now,
      );
      await this.audit.record(
        actor,
        {
          action: `proctor.${dto.action}`,
          target: `sitting-candidate:${c.id}`,
          details: { sittingId, attemptId: attempt?.id ?? null, reason: dto.reason, ...details },
        },
        m,
      );
      return rec;
    });
    this.events.announce(recorded);
    for (const a of announce) {
      a();
    }
    const [row] = await this.live.rows(sittingId, [candidateId]);
    return row;
  }

  /** Admits every candidate of the sitting who has signed in (or all, if asked) and is not admitted yet. */
  async admitAll(actor: Actor, sittingId: number, dto: AdmitAllDto): Promise<{ admitted: number }> {
    await assertCampaignNotPublished(this.ds, (await this.sittings.sittingFor(actor, sittingId)).campaignId);
    const now = new Date();
    const result = await inTransaction(this.ds, async (m) => {
      const waiting = await m.getRepository(SittingCandidate).find({
        where: dto.includeNotLoggedIn
          ? { sittingId, admittedAt: IsNull() }
          : { sittingId, admittedAt: IsNull(), lastLoginAt: Not(IsNull()) },
        select: { id: true },
      });
      const ids = waiting.map((w) => w.id);
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        await m
          .getRepository(SittingCandidate)
          .update({ id: In(chunk) }, { admittedAt: now, admittedBy: actor.id });
        const rows = chunk.map((id) => ({
          sittingId,
          sittingCandidateId: id,
          attemptId: null,
          kind: 'admit' as const,
          source: 'proctor' as const,
          actorId: actor.kind === 'staff' ? actor.id : null,
          reason: dto.reason,
          details: { all: true },
          clientAt: null,
          at: now,
        }));
        await m.getRepository(ProctoringEvent).insert(rows);
      }
      await this.audit.record(
        actor,
        {
          action: 'proctor.admit-all',
          target: `sitting:${sittingId}`,
          details: {
            reason: dto.reason,
            sittingCandidateIds: ids,
            includeNotLoggedIn: dto.includeNotLoggedIn ?? false,
          },
        },
        m,
      );
      return { ids };
    });
    if (result.ids.length > 0) {
      const e: CandidateChangedEvent = { sittingId, sittingCandidateIds: result.ids };
      this.emitter.emit(SessionEvents.candidateAdmitted, e);
    }
    return { admitted: result.ids.length };
  }
}
