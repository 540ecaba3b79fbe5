import { Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ConflictError, NotFoundError } from '../common/domain-error';
import { inTransaction } from '../database/transaction';
import { ProctoringEvent } from '../proctoring/proctoring-event.entity';
import { maskIdNumber } from '../roster/mask';
import { AnswerWriter } from './answer-writer';
import { Attempt, SubmitReason } from './attempt.entity';
import { candidateState } from './candidate-state';
import { assertSittingNotFrozen } from './campaign-freeze';
import { DbClock } from './db-clock';
import {
  forUpdateSkipLocked,
  isSqlite,
  isUniqueViolation,
  lockForUpdate,
  placeholders,
  timeParam,
  timeValue,
} from '../database/sql';
import { initialDeadline, refusalMessage, startRefusal } from './exam-clock';
import type { ExamState } from './exam-socket.types';
import { PaperCache } from './paper-cache';
import { PaperSource } from '../papers/paper-source';
import { AttemptStartedEvent, AttemptSubmittedEvent, SessionEvents } from './session-events';
import { SittingCandidate } from './sitting-candidate.entity';
import { Sitting } from './sitting.entity';

/** What the candidate's exam state shows of them. */
export type StateCandidate = Pick<
  SittingCandidate,
  | 'id'
  | 'lastLoginAt'
  | 'admittedAt'
  | 'name'
  | 'idNumber'
  | 'ticketNumber'
  | 'agencyName'
  | 'discipline'
  | 'seat'
>;
type StartCandidate = StateCandidate & Pick<SittingCandidate, 'sittingId' | 'paperId'>;

/** What the candidate's exam state shows of the sitting. */
export type StateSitting = Pick<
  Sitting,
  'id' | 'name' | 'mode' | 'location' | 'windowStart' | 'windowEnd' | 'durationSeconds' | 'lateEntrySeconds'
>;

/** Why this candidate may not start now (not admitted, outside the window), or null. */
function refusalToStart(c: Pick<SittingCandidate, 'admittedAt'>, sitting: StateSitting, now: Date) {
  return startRefusal(
    {
      admitted: c.admittedAt !== null,
      windowStart: sitting.windowStart,
      windowEnd: sitting.windowEnd,
      lateEntrySeconds: sitting.lateEntrySeconds,
    },
    now,
  );
}

/** The attempt's columns, prefixed a_, for a raw query joining `attempts a`. */
const ATTEMPT_COLUMNS = `a.id AS a_id, a.sitting_candidate_id AS a_sitting_candidate_id, a.sitting_id AS a_sitting_id,
  a.paper_id AS a_paper_id, a.status AS a_status, a.started_at AS a_started_at, a.deadline AS a_deadline,
  a.extension_seconds AS a_extension_seconds, a.submitted_at AS a_submitted_at, a.submit_reason AS a_submit_reason,
  a.voided_at AS a_voided_at, a.void_reason AS a_void_reason`;

function optionalTime(v: unknown): Date | null {
  return v === null || v === undefined ? null : timeValue(v as Date | string);
}

function attemptFromRow(r: Record<string, unknown>): Attempt {
  return Object.assign(new Attempt(), {
    id: Number(r.a_id),
    sittingCandidateId: Number(r.a_sitting_candidate_id),
    sittingId: Number(r.a_sitting_id),
    paperId: Number(r.a_paper_id),
    status: r.a_status as Attempt['status'],
    startedAt: timeValue(r.a_started_at as Date | string),
    deadline: timeValue(r.a_deadline as Date | string),
    extensionSeconds: Number(r.a_extension_seconds),
    submittedAt: optionalTime(r.a_submitted_at),
    submitReason: (r.a_submit_reason ?? null) as Attempt['submitReason'],
    voidedAt: optionalTime(r.a_voided_at),
    voidReason: (r.a_void_reason ?? null) as string | null,
  });
}

/** The id of a row a raw INSERT created (mysql2 returns a result header, better-sqlite3 the row id). */
function insertedId(raw: unknown): number {
  if (typeof raw === 'number' || typeof raw === 'bigint') {
    return Number(raw);
  }
  const id = (raw as { insertId?: number } | null)?.insertId;
  if (typeof id !== 'number' || id <= 0) {
    throw new Error('INSERT returned no id');
  }
  return id;
}

/** A candidate's login as the token states it. */
export interface CandidateSession {
  candidateId: number;
  sittingId: number;
  /** The login epoch in the token: only the newest login may act. */
  epoch: number;
}

export function takenOver(): UnauthorizedException {
  return new UnauthorizedException({ code: 'taken-over', message: refusalMessage('taken-over') });
}

/** How long after its deadline the sweeper waits, so that writes received just before it are committed first. */
export const SWEEP_GRACE_MS = 250;

/** Attempts: start, state, submission (explicit, by a proctor, or by the deadline). */
@Injectable()
export class AttemptsService {
  private readonly log = new Logger(AttemptsService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly emitter: EventEmitter2,
    private readonly papers: PaperCache,
    @Inject(PaperSource) private readonly paperSource: PaperSource,
    private readonly writer: AnswerWriter,
    private readonly clock: DbClock,
  ) {}

  /** Locks a row for the transaction on MySQL (SQLite serialises whole transactions). */
  lockAttempt(
    m: EntityManager,
    where: { id: number } | { sittingCandidateId: number },
  ): Promise<Attempt | null> {
    const qb = m.getRepository(Attempt).createQueryBuilder('a');
    if ('id' in where) {
      qb.where('a.id = :id', { id: where.id });
    } else {
      qb.where('a.sitting_candidate_id = :cid', { cid: where.sittingCandidateId });
    }
    lockForUpdate(m, qb);
    return qb.getOne();
  }

  lockCandidate(m: EntityManager, id: number): Promise<SittingCandidate | null> {
    const qb = m.getRepository(SittingCandidate).createQueryBuilder('c').where('c.id = :id', { id });
    lockForUpdate(m, qb);
    return qb.getOne();
  }

  /** The state of a candidate's exam, as the candidate may see it. */
  async examState(session: CandidateSession, now?: Date): Promise<ExamState> {
    return (await this.examStateAndAttempt(session, now)).state;
  }

  /** The state, and the attempt it was built from (the socket remembers which attempt it writes to). */
  async examStateAndAttempt(
    session: CandidateSession,
    at?: Date,
  ): Promise<{ state: ExamState; attempt: Attempt | null }> {
    const c = await this.ds.getRepository(SittingCandidate).findOne({ where: { id: session.candidateId } });
    if (!c) {
      throw new NotFoundError('考生', session.candidateId);
    }
    if (c.loginEpoch !== session.epoch) {
      throw takenOver();
    }
    const sitting = await this.ds.getRepository(Sitting).findOneOrFail({ where: { id: c.sittingId } });
    const attempt = await this.ds.getRepository(Attempt).findOne({ where: { sittingCandidateId: c.id } });
    if (!attempt) {
      this.warmPaper(c.paperId);
    }
    return { state: await this.buildState(c, sitting, attempt, at ?? this.clock.now()), attempt };
  }

  /** The state from rows the caller has already read. */
  async buildState(
    c: StateCandidate,
    sitting: StateSitting,
    attempt: Attempt | null,
    now: Date,
    /** The attempt was just created: it has no answers to read. */
    fresh = false,
  ): Promise<ExamState> {
    const state = candidateState(
      { lastLoginAt: c.lastLoginAt ?? now, admittedAt: c.admittedAt },
      attempt?.status ?? null,
    );
    const refusal = attempt ? null : refusalToStart(c, sitting, now);
    const inProgress = attempt?.status === 'in_progress';
    let responses: ExamState['responses'] = [];
    if (inProgress && !fresh) {
      const rows: Array<{ question_id: number | string; response: string; revision: number | string }> =
        await this.ds.query(
          'SELECT question_id, response, revision FROM answers WHERE attempt_id = ? ORDER BY question_id',
          [attempt.id],
        );
      responses = rows.map((r) => ({
        questionId: Number(r.question_id),
        response: JSON.parse(r.response) as ExamState['responses'][number]['response'],
        revision: Number(r.revision),
      }));
    }
    return {
      serverTime: now.toISOString(),
      deadline: attempt ? attempt.deadline.toISOString() : null,
      status: state === 'not-logged-in' ? 'waiting' : state,
      canStart: !attempt && refusal === null,
      startRefusal: refusal,
      message: attempt ? attemptMessage(attempt) : refusal ? refusalMessage(refusal) : null,
      candidate: {
        name: c.name,
        maskedIdNumber: maskIdNumber(c.idNumber),
        ticketNumber: c.ticketNumber,
        agencyName: c.agencyName,
        discipline: c.discipline,
        seat: c.seat,
      },
      sitting: {
        id: sitting.id,
        name: sitting.name,
        mode: sitting.mode,
        location: sitting.location,
        windowStart: sitting.windowStart.toISOString(),
        windowEnd: sitting.windowEnd.toISOString(),
        durationSeconds: sitting.durationSeconds,
        lateEntryUntil: new Date(
          Math.min(
            sitting.windowStart.getTime() + sitting.lateEntrySeconds * 1000,
            sitting.windowEnd.getTime(),
          ),
        ).toISOString(),
      },
      attempt: attempt
        ? {
            id: attempt.id,
            startedAt: attempt.startedAt.toISOString(),
            submittedAt: attempt.submittedAt ? attempt.submittedAt.toISOString() : null,
            submitReason: attempt.submitReason,
            extensionSeconds: attempt.extensionSeconds,
          }
        : null,
      paper: inProgress ? await this.papers.paper(attempt.paperId) : null,
      responses,
    };
  }

  /**
   * Starts the candidate's attempt (or returns the one already started: a repeated start is harmless). The
   * paper was assembled when the candidate was placed; only a candidate placed before papers existed waits
   * for assembly here.
   *
   * The hot path of a start storm, so it is three plain statements and no transaction: one read of the
   * candidate, the sitting and any attempt; the attempt's insert, which the unique index on its candidate makes
   * the one decision (a concurrent second start loses the race and returns the winner's attempt); then the
   * 'started' event. The paper comes from the cache, warmed when the candidate connected.
   */
  async start(session: CandidateSession): Promise<ExamState> {
    // The database's time, so that every node gives the same deadline whatever its own clock says.
    const now = this.clock.now();
    for (let round = 0; ; round++) {
      const read = await this.readForStart(session);
      if (read.attempt) {
        return this.buildState(read.c, read.sitting, read.attempt, this.clock.now());
      }
      await assertSittingNotFrozen(this.ds, read.c.sittingId);
      if (read.c.paperId === null) {
        if (round > 0) {
          throw new ConflictError('试卷尚未生成，请联系监考员', 'paper-missing');
        }
        await this.attachPaper(session.candidateId);
        continue;
      }
      const attempt = await this.insertAttempt(read.c, read.c.paperId, read.sitting, now);
      if (!attempt) {
        if (round > 2) {
          throw new ConflictError('开始考试失败，请重试', 'start-conflict');
        }
        continue; // another start of the same candidate won: return its attempt
      }
      const e: AttemptStartedEvent = {
        attemptId: attempt.id,
        sittingId: attempt.sittingId,
        sittingCandidateId: read.c.id,
        deadline: attempt.deadline,
      };
      this.emitter.emit(SessionEvents.attemptStarted, e);
      return this.buildState(read.c, read.sitting, attempt, this.clock.now(), true);
    }
  }

  private async readForStart(
    session: CandidateSession,
  ): Promise<{ c: StartCandidate; sitting: StateSitting; attempt: Attempt | null }> {
    const rows: Array<Record<string, unknown>> = await this.ds.query(
      `SELECT c.id, c.sitting_id, c.paper_id, c.login_epoch, c.admitted_at, c.last_login_at, c.name, c.id_number,
              c.ticket_number, c.agency_name, c.discipline, c.seat,
              s.name AS s_name, s.mode AS s_mode, s.location AS s_location, s.window_start AS s_window_start,
              s.window_end AS s_window_end, s.duration_seconds AS s_duration_seconds,
              s.late_entry_seconds AS s_late_entry_seconds, ${ATTEMPT_COLUMNS}
         FROM sitting_candidates c
         JOIN sittings s ON s.id = c.sitting_id
         LEFT JOIN attempts a ON a.sitting_candidate_id = c.id
        WHERE c.id = ?`,
      [session.candidateId],
    );
    const r = rows[0];
    if (!r) {
      throw new NotFoundError('考生', session.candidateId);
    }
    if (Number(r.login_epoch) !== session.epoch) {
      throw takenOver();
    }
    return {
      c: {
        id: Number(r.id),
        sittingId: Number(r.sitting_id),
        paperId: r.paper_id === null ? null : Number(r.paper_id),
        admittedAt: optionalTime(r.admitted_at),
        lastLoginAt: optionalTime(r.last_login_at),
        name: String(r.name),
        idNumber: String(r.id_number),
        ticketNumber: String(r.ticket_number),
        agencyName: String(r.agency_name),
        discipline: String(r.discipline),
        seat: Number(r.seat),
      },
      sitting: {
        id: Number(r.sitting_id),
        name: String(r.s_name),
        mode: r.s_mode as Sitting['mode'],
        location: String(r.s_location),
        windowStart: timeValue(r.s_window_start as Date | string),
        windowEnd: timeValue(r.s_window_end as Date | string),
        durationSeconds: Number(r.s_duration_seconds),
        lateEntrySeconds: Number(r.s_late_entry_seconds),
      },
      attempt: r.a_id === null || r.a_id === undefined ? null : attemptFromRow(r),
    };
  }

  /** Creates the attempt, or returns null when the candidate already has one (a concurrent start). */
  private async insertAttempt(
    c: StartCandidate,
    paperId: number,
    sitting: StateSitting,
    now: Date,
  ): Promise<Attempt | null> {
    const refusal = refusalToStart(c, sitting, now);
    if (refusal) {
      throw new ConflictError(refusalMessage(refusal), refusal);
    }
    const deadline = initialDeadline(now, sitting.durationSeconds, sitting.windowEnd);
    // The attempt row is the record of the start; the event that tells the proctors follows it. On MySQL they
    // are two autocommitted statements; the embedded database's one connection may be inside another flow's
    // transaction, so there they are a transaction of their own, queued behind it.
    const write = async (m: EntityManager): Promise<Attempt> => {
      const inserted: unknown = await m.query(
        `INSERT INTO attempts (sitting_candidate_id, sitting_id, paper_id, status, started_at, deadline,
                               extension_seconds, submitted_at, submit_reason, voided_at, void_reason)
         VALUES (?, ?, ?, 'in_progress', ?, ?, 0, NULL, NULL, NULL, NULL)`,
        [c.id, c.sittingId, paperId, timeParam(m, now), timeParam(m, deadline)],
      );
      const attempt: Attempt = Object.assign(new Attempt(), {
        id: insertedId(inserted),
        sittingCandidateId: c.id,
        sittingId: c.sittingId,
        paperId,
        status: 'in_progress' as const,
        startedAt: now,
        deadline,
        extensionSeconds: 0,
        submittedAt: null,
        submitReason: null,
        voidedAt: null,
        voidReason: null,
      });
      await m.query(
        `INSERT INTO proctoring_events (sitting_id, sitting_candidate_id, attempt_id, kind, source, actor_id,
                                        reason, details, client_at, at)
         VALUES (?, ?, ?, 'started', 'candidate', NULL, NULL, NULL, NULL, ?)`,
        [c.sittingId, c.id, attempt.id, timeParam(m, now)],
      );
      return attempt;
    };
    let attempt: Attempt;
    try {
      attempt = isSqlite(this.ds) ? await inTransaction(this.ds, write) : await write(this.ds.manager);
    } catch (err) {
      if (isUniqueViolation(err)) {
        return null;
      }
      throw err;
    }
    return attempt;
  }

  /** A candidate placed before papers existed: assemble theirs now. */
  private async attachPaper(candidateId: number): Promise<void> {
    const c = await this.ds.getRepository(SittingCandidate).findOne({ where: { id: candidateId } });
    if (!c) {
      throw new NotFoundError('考生', candidateId);
    }
    if (c.paperId !== null) {
      return;
    }
    const map = await this.paperSource.ensurePapers(c.campaignId, [c.technicianId]);
    const paperId = map.get(c.technicianId);
    if (paperId === undefined) {
      throw new ConflictError('试卷尚未生成，请联系监考员', 'paper-missing');
    }
    await this.ds.getRepository(SittingCandidate).update({ id: c.id }, { paperId });
  }

  /** Loads the candidate's paper into this node's cache ahead of their start (on connect, in the waiting room). */
  warmPaper(paperId: number | null): void {
    if (paperId !== null) {
      this.papers
        .paper(paperId)
        .catch((err: unknown) => this.log.warn({ err, paperId }, 'paper warm-up failed'));
    }
  }

  /** The candidate submits: waits for their answers in flight, then closes the attempt. */
  async submitOwn(session: CandidateSession): Promise<ExamState> {
    const attempt = await this.ds
      .getRepository(Attempt)
      .findOne({ where: { sittingCandidateId: session.candidateId } });
    if (!attempt) {
      throw new ConflictError(refusalMessage('not-started'), 'not-started');
    }
    const c = await this.ds
      .getRepository(SittingCandidate)
      .findOneOrFail({ where: { id: session.candidateId } });
    if (c.loginEpoch !== session.epoch) {
      throw takenOver();
    }
    await this.submit(attempt.id, 'candidate');
    return this.examState(session);
  }

  /**
   * Closes an attempt. Harmless when repeated: an attempt no longer in progress is left as it is and no event
   * is raised again. Writes already received for the attempt are committed first.
   */
  async submit(
    attemptId: number,
    reason: SubmitReason,
    m?: EntityManager,
  ): Promise<{ attempt: Attempt; changed: boolean }> {
    if (!m) {
      await this.writer.settled(attemptId);
      const r = await inTransaction(this.ds, (tm) => this.submitIn(tm, attemptId, reason));
      if (r.changed) {
        this.announceSubmitted([r.attempt]);
      }
      return r;
    }
    return this.submitIn(m, attemptId, reason);
  }

  /** Inside the caller's transaction; the caller announces with announceSubmitted() after its commit. */
  async submitIn(
    m: EntityManager,
    attemptId: number,
    reason: SubmitReason,
  ): Promise<{ attempt: Attempt; changed: boolean }> {
    const now = this.clock.now();
    const attempt = await this.lockAttempt(m, { id: attemptId });
    if (!attempt) {
      throw new NotFoundError('答卷', attemptId);
    }
    if (attempt.status !== 'in_progress') {
      return { attempt, changed: false };
    }
    const effective: SubmitReason = reason === 'candidate' && now > attempt.deadline ? 'deadline' : reason;
    attempt.status = 'submitted';
    attempt.submittedAt = now;
    attempt.submitReason = effective;
    await m
      .getRepository(Attempt)
      .update({ id: attempt.id }, { status: 'submitted', submittedAt: now, submitReason: effective });
    await m.getRepository(ProctoringEvent).insert({
      sittingId: attempt.sittingId,
      sittingCandidateId: attempt.sittingCandidateId,
      attemptId: attempt.id,
      kind: 'submitted',
      source: effective === 'candidate' ? 'candidate' : effective === 'proctor' ? 'proctor' : 'system',
      actorId: null,
      reason: null,
      details: { reason: effective },
      clientAt: null,
      at: now,
    });
    return { attempt, changed: true };
  }

  announceSubmitted(attempts: Attempt[]): void {
    for (const a of attempts) {
      const e: AttemptSubmittedEvent = {
        attemptId: a.id,
        sittingId: a.sittingId,
        sittingCandidateId: a.sittingCandidateId,
        reason: a.submitReason ?? 'deadline',
        submittedAt: a.submittedAt ?? this.clock.now(),
      };
      this.emitter.emit(SessionEvents.attemptSubmitted, e);
    }
  }

  /**
   * Submits up to `limit` attempts whose deadline passed (by more than the grace). On MySQL the rows are
   * claimed with FOR UPDATE SKIP LOCKED, so the sweepers of several nodes share the work without waiting on
   * each other or submitting anything twice; SQLite runs one transaction at a time. `asOf` is the time the
   * sweep judges deadlines by; the submission time recorded is when the rows are claimed.
   */
  async submitDue(asOf: Date, limit: number): Promise<number> {
    const cutoff = new Date(asOf.getTime() - SWEEP_GRACE_MS);
    let now = asOf;
    const submitted = await inTransaction(this.ds, async (m) => {
      const due: Array<Record<string, unknown>> = await m.query(
        `SELECT id, sitting_id, sitting_candidate_id FROM attempts
          WHERE status = 'in_progress' AND deadline < ?
          ORDER BY deadline LIMIT ${Number(limit)}${forUpdateSkipLocked(m)}`,
        [timeParam(m, cutoff)],
      );
      if (due.length === 0) {
        return [];
      }
      const ids = due.map((d) => Number(d.id));
      now = this.clock.now();
      await m.query(
        `UPDATE attempts SET status = 'submitted', submitted_at = ?, submit_reason = 'deadline'
          WHERE status = 'in_progress' AND id IN (${placeholders(ids.length)})`,
        [timeParam(m, now), ...ids],
      );
      await m.getRepository(ProctoringEvent).insert(
        due.map((d) => ({
          sittingId: Number(d.sitting_id),
          sittingCandidateId: Number(d.sitting_candidate_id),
          attemptId: Number(d.id),
          kind: 'submitted' as const,
          source: 'system' as const,
          actorId: null,
          reason: null,
          details: { reason: 'deadline' },
          clientAt: null,
          at: now,
        })),
      );
      return due.map(
        (d) =>
          ({
            id: Number(d.id),
            sittingId: Number(d.sitting_id),
            sittingCandidateId: Number(d.sitting_candidate_id),
            submitReason: 'deadline',
            submittedAt: now,
          }) as Attempt,
      );
    });
    if (submitted.length > 0) {
      this.log.log({ event: 'attempts.auto-submitted', count: submitted.length });
      this.announceSubmitted(submitted);
    }
    return submitted.length;
  }

  /**
   * Attempts still in progress more than `lateByMs` after their deadline (as of `asOf`, database time): the
   * sweeper should have submitted them; the console flags them and the sweeper logs them.
   */
  async overdue(
    asOf: Date,
    lateByMs: number,
    sittingId?: number,
  ): Promise<Array<{ id: number; sittingId: number; sittingCandidateId: number; deadline: Date }>> {
    const cutoff = new Date(asOf.getTime() - lateByMs);
    const rows: Array<Record<string, unknown>> = await this.ds.query(
      `SELECT id, sitting_id, sitting_candidate_id, deadline FROM attempts
        WHERE status = 'in_progress' AND deadline < ?${sittingId === undefined ? '' : ' AND sitting_id = ?'}
        ORDER BY deadline LIMIT 1000`,
      sittingId === undefined ? [timeParam(this.ds, cutoff)] : [timeParam(this.ds, cutoff), sittingId],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      sittingId: Number(r.sitting_id),
      sittingCandidateId: Number(r.sitting_candidate_id),
      deadline: timeValue(r.deadline as Date | string),
    }));
  }

  /** Per attempt, how many questions have an answer (a cleared answer does not count). */
  async answeredCounts(attemptIds: number[]): Promise<Map<number, number>> {
    const out = new Map<number, number>();
    if (attemptIds.length === 0) {
      return out;
    }
    const rows: Array<Record<string, unknown>> = await this.ds.query(
      `SELECT attempt_id, COUNT(*) AS n FROM answers
        WHERE attempt_id IN (${placeholders(attemptIds.length)}) AND response <> 'null' GROUP BY attempt_id`,
      attemptIds,
    );
    for (const r of rows) {
      out.set(Number(r.attempt_id), Number(r.n));
    }
    return out;
  }
}

function attemptMessage(a: Attempt): string | null {
  switch (a.status) {
    case 'in_progress':
      return null;
    case 'submitted':
      return a.submitReason === 'deadline'
        ? '作答时间已到，答卷已自动提交'
        : a.submitReason === 'proctor'
          ? '监考员已收卷'
          : '答卷已提交';
    case 'voided':
      return `答卷已被作废：${a.voidReason ?? ''}`;
  }
}
