import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DataSource } from 'typeorm';
import { ProctoringEventsService } from '../proctoring/proctoring-events.service';
import { Attempt } from './attempt.entity';
import type { CandidateSession } from './attempts.service';
import { ReportEventDto } from './dto/exam.dto';
import type { ReportAck, ReportMessage } from './exam-socket.types';
import { CandidateWarnedEvent, SessionEvents } from './session-events';
import { Sitting } from './sitting.entity';

/** What the candidate's page reports (fullscreen exit, blur, paste …), stored with the server's time. */
@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly events: ProctoringEventsService,
    private readonly emitter: EventEmitter2,
  ) {}

  async report(session: CandidateSession, msg: ReportMessage): Promise<ReportAck> {
    const dto = plainToInstance(ReportEventDto, msg ?? {});
    const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
    const serverTime = new Date().toISOString();
    if (errors.length > 0) {
      return {
        ok: false,
        code: 'invalid-report',
        message: `事件格式不正确：${errors[0].property}`,
        serverTime,
        deadline: null,
      };
    }
    const sitting = await this.ds.getRepository(Sitting).findOneOrFail({ where: { id: session.sittingId } });
    const attempt = await this.ds
      .getRepository(Attempt)
      .findOne({ where: { sittingCandidateId: session.candidateId }, select: { id: true, deadline: true } });
    const recorded = await this.events.record(
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
