import { BadRequestException, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DataSource } from 'typeorm';
import { ProctoringEventsService } from '../proctoring/proctoring-events.service';
import { Attempt } from './attempt.entity';
import { takenOver, type CandidateSession } from './attempts.service';
import { ReportEventDto } from './dto/exam.dto';
import type { ReportAck, ReportMessage } from './exam-socket.types';
import { CandidateWarnedEvent, SessionEvents } from './session-events';
import { SittingCandidate } from './sitting-candidate.entity';
import { Sitting } from './sitting.entity';

/**
 * What the candidate's page reports (fullscreen exit, blur, paste …), stored with the server's time. Only the
 * newest login may report; a browser reporting more than the per-minute limit has the excess counted, not
 * stored (ProctoringEventsService.recordFromCandidate).
 */
@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly events: ProctoringEventsService,
    private readonly emitter: EventEmitter2,
  ) {}

  /** The same over HTTP: a refusal is thrown with its status (400, 401 taken over, 429). */
  async reportOverHttp(session: CandidateSession, msg: ReportMessage): Promise<ReportAck> {
    const ack = await this.report(session, msg);
    const refusal = reportRefusal(ack);
    if (refusal) {
      throw refusal;
    }
    return ack;
  }

  async report(session: CandidateSession, msg: ReportMessage): Promise<ReportAck> {
    const dto = plainToInstance(ReportEventDto, msg ?? {});
    const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
    const serverTime = new Date().toISOString();
    if (errors.length > 0) {
      const constraint = Object.values(errors[0].constraints ?? {})[0];
      return {
        ok: false,
        code: 'invalid-report',
        message: `事件格式不正确：${constraint ?? errors[0].property}`,
        serverTime,
        deadline: null,
      };
    }
    const c = await this.ds
      .getRepository(SittingCandidate)
      .findOne({ where: { id: session.candidateId }, select: { id: true, loginEpoch: true } });
    if (!c || c.loginEpoch !== session.epoch) {
      const message = (takenOver().getResponse() as { message: string }).message;
      return { ok: false, code: 'taken-over', message, serverTime, deadline: null };
    }
    const sitting = await this.ds.getRepository(Sitting).findOneOrFail({ where: { id: session.sittingId } });
    const attempt = await this.ds
      .getRepository(Attempt)
      .findOne({ where: { sittingCandidateId: session.candidateId }, select: { id: true, deadline: true } });
    const outcome = await this.events.recordFromCandidate(
      {
        sittingId: session.sittingId,
        sittingCandidateId: session.candidateId,
        attemptId: attempt?.id ?? null,
        kind: dto.kind,
        source: 'candidate',
        details: dto.details ?? null,
        clientAt: dto.clientTime ? new Date(dto.clientTime) : null,
      },
      sitting.proctoring,
    );
    if (!outcome.stored) {
      return {
        ok: false,
        code: 'rate-limited',
        message: '事件上报过于频繁，本条未记录（已计数并告知监考员）',
        serverTime: new Date().toISOString(),
        deadline: attempt ? attempt.deadline.toISOString() : null,
      };
    }
    const recorded = outcome.recorded;
    if (recorded.warning) {
      const e: CandidateWarnedEvent = {
        sittingId: session.sittingId,
        sittingCandidateId: session.candidateId,
        message: recorded.warning,
        source: 'system',
        deadline: attempt?.deadline ?? null,
      };
      this.emitter.emit(SessionEvents.candidateWarned, e);
    }
    return {
      ok: true,
      serverTime: new Date().toISOString(),
      deadline: attempt ? attempt.deadline.toISOString() : null,
    };
  }
}

/** The HTTP answer to a refused report: the ack's refusal as its status. */
function reportRefusal(ack: ReportAck): HttpException | null {
  if (ack.ok) {
    return null;
  }
  switch (ack.code) {
    case 'taken-over':
      return takenOver();
    case 'rate-limited':
      return new HttpException(
        { statusCode: 429, code: 'rate_limited', message: ack.message },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    default:
      return new BadRequestException({ statusCode: 400, code: ack.code, message: ack.message });
  }
}
