import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AnswerWriter, AnswerWriteResult } from './answer-writer';
import { Attempt } from './attempt.entity';
import type { CandidateSession } from './attempts.service';
import { DbClock } from './db-clock';
import { refusalMessage } from './exam-clock';
import type { AnswerAck, SaveAnswerMessage } from './exam-socket.types';
import { PaperCache } from './paper-cache';
import { checkResponse } from './response';

/** Which attempt a session writes to, as the socket remembers it between messages. */
export interface AttemptRef {
  attemptId: number;
  paperId: number;
}

/** Saving one answer, for the socket and the HTTP endpoint alike. */
@Injectable()
export class AnswersService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly papers: PaperCache,
    private readonly writer: AnswerWriter,
    private readonly clock: DbClock,
  ) {}

  /** The candidate's attempt, or null before the start. */
  async attemptOf(candidateId: number): Promise<AttemptRef | null> {
    const a = await this.ds
      .getRepository(Attempt)
      .findOne({ where: { sittingCandidateId: candidateId }, select: { id: true, paperId: true } });
    return a ? { attemptId: a.id, paperId: a.paperId } : null;
  }

  /**
   * Checks the message against the paper and hands it to the group commit; the result comes after the
   * commit. `receivedAt` is when the message arrived by the database's clock (DbClock; the deadline is judged
   * against it), now when not given.
   */
  async save(
    session: CandidateSession,
    ref: AttemptRef | null,
    msg: SaveAnswerMessage,
    receivedAt: Date = this.clock.now(),
  ): Promise<AnswerAck> {
    const questionId = Number.isInteger(msg?.questionId) ? msg.questionId : null;
    if (
      questionId === null ||
      !Number.isInteger(msg.revision) ||
      msg.revision < 1 ||
      msg.revision > 2_000_000_000 ||
      msg.response === undefined
    ) {
      return invalid(questionId, receivedAt, '答案消息须包含 questionId、response 和 revision（正整数）');
    }
    const attempt = ref ?? (await this.attemptOf(session.candidateId));
    if (!attempt) {
      return {
        ok: false,
        questionId,
        code: 'not-started',
        message: refusalMessage('not-started'),
        serverTime: this.clock.now().toISOString(),
        deadline: null,
      };
    }
    const shape = await this.papers.shape(attempt.paperId, questionId);
    if (!shape) {
      return invalid(questionId, receivedAt, `试卷中没有题目 ${questionId}`);
    }
    const checked = checkResponse(shape, msg.response);
    if (!checked.ok) {
      return invalid(questionId, receivedAt, checked.message);
    }
    const result = await this.writer.write({
      attemptId: attempt.attemptId,
      questionId,
      response: checked.value,
      revision: msg.revision,
      epoch: session.epoch,
      receivedAt,
    });
    return toAck(result, this.clock.now());
  }
}

function invalid(questionId: number | null, at: Date, message: string): AnswerAck {
  return {
    ok: false,
    questionId,
    code: 'invalid-response',
    message: `${refusalMessage('invalid-response')}：${message}`,
    serverTime: at.toISOString(),
    deadline: null,
  };
}

/** The acknowledgement of a write result; `now` is the database's time (the page counts down from it). */
export function toAck(r: AnswerWriteResult, now: Date): AnswerAck {
  const clock = {
    serverTime: now.toISOString(),
    deadline: r.deadline ? r.deadline.toISOString() : null,
  };
  if (r.ok) {
    return { ok: true, questionId: r.questionId, revision: r.revision, ...clock };
  }
  return {
    ok: false,
    questionId: r.questionId,
    code: r.code,
    message: refusalMessage(r.code),
    ...(r.retryAfterMs !== undefined ? { retryAfterMs: r.retryAfterMs } : {}),
    ...clock,
  };
}
