import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AnswerValue } from '../question-bank/question-type';
import { inTransaction } from '../database/transaction';
import type { AttemptStatus } from './attempt.entity';
import { DbClock } from './db-clock';
import { isRetryableLockError, isSqlite, placeholders, timeParam, timeValue } from '../database/sql';
import { writeRefusal, WriteRefusal } from './exam-clock';
import { AnswersSavedEvent, SessionEvents } from './session-events';
import { SESSIONS_SETTINGS } from './sessions.tokens';
import type { SessionsSettings } from './sessions.settings';

/** One answer change, already checked against the paper. */
export interface AnswerWrite {
  attemptId: number;
  questionId: number;
  response: AnswerValue | null;
  /** The client's counter for this question (≥ 1). */
  revision: number;
  /** The login epoch of the writer (an older login's writes are refused). */
  epoch: number;
  /** When the write arrived, by the database's clock (DbClock): the deadline is judged against it. */
  receivedAt: Date;
}

export type AnswerWriteResult =
  | {
      ok: true;
      questionId: number;
      /** The stored revision: the one written, or a newer one already there (then this write changed nothing). */
      revision: number;
      deadline: Date;
    }
  | {
      ok: false;
      questionId: number;
      code: WriteRefusal | 'unavailable';
      deadline: Date | null;
      /** `unavailable` only: when the client should send it again (ms). */
      retryAfterMs?: number;
    };

interface Pending {
  write: AnswerWrite;
  resolve: (r: AnswerWriteResult) => void;
  /** Already answered (by the commit, or by the timeout): a batch skips it if it has not started yet. */
  done: boolean;
}

/** Refusals after which a resend of a revision already stored is still acknowledged as stored. */
const CLOSED_REFUSALS: ReadonlySet<WriteRefusal> = new Set<WriteRefusal>(['deadline-passed', 'submitted']);

/** Whether a failure means "the statement waited too long" (lock wait, statement time limit). */
function isTimeoutError(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; driverError?: { code?: string; errno?: number } };
  const code = e.driverError?.code ?? e.code;
  const errno = e.driverError?.errno ?? e.errno;
  return code === 'ER_LOCK_WAIT_TIMEOUT' || code === 'ER_STATEMENT_TIMEOUT' || errno === 1969;
}

interface AttemptRow {
  id: number;
  sittingId: number;
  sittingCandidateId: number;
  status: AttemptStatus;
  deadline: Date;
  loginEpoch: number;
}

/**
 * Group commit of answer writes: writes arriving within a few milliseconds are committed in one transaction
 * (one multi-row upsert that keeps the higher revision), and each write's promise resolves only after that
 * commit, so an acknowledgement always means durable. Nothing here outlives a crash except what was
 * committed: unacknowledged writes are the client's to resend.
 *
 * Waiting is bounded: a write not committed within SESSIONS_SAVE_TIMEOUT_MS of its arrival (the database
 * locked, slow or away) is answered `unavailable` with a retry hint, and a batch that has not started yet
 * skips the writes already answered. A batch already running may still commit after such an answer; that is
 * harmless, since the client resends the same revision and a stored revision is acknowledged as stored, even
 * after the deadline. On MariaDB the statements of a batch carry lock-wait and statement time limits within
 * the same bound, so a stuck batch gives its connection back instead of holding it for the server's 50 s.
 */
@Injectable()
export class AnswerWriter implements OnApplicationShutdown {
  private readonly log = new Logger(AnswerWriter.name);
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private inFlight = 0;
  private readonly maxFlushes: number;
  /** Writes not yet resolved, per attempt (so that a submit can wait for them). */
  private readonly pendingByAttempt = new Map<number, Set<Promise<AnswerWriteResult>>>();
  private closed = false;
  /** Writes answered by their timeout since the last log line (logged at most once a second, as a count). */
  private timeouts = 0;
  private timeoutLog: NodeJS.Timeout | null = null;
  /** The statement prefix that bounds waiting on MariaDB ('' elsewhere); null until the server was asked. */
  private bound: string | null = null;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly emitter: EventEmitter2,
    @Inject(SESSIONS_SETTINGS) private readonly settings: SessionsSettings,
    private readonly clock: DbClock,
  ) {
    // SQLite has one connection: concurrent flushes would only queue; fewer, larger batches are faster.
    this.maxFlushes = isSqlite(ds) ? 1 : settings.SESSIONS_ANSWER_FLUSHES;
  }

  write(write: AnswerWrite): Promise<AnswerWriteResult> {
    if (this.closed) {
      return Promise.resolve(this.unavailable(write));
    }
    let settle!: (r: AnswerWriteResult) => void;
    const p = new Promise<AnswerWriteResult>((r) => (settle = r));
    const pending: Pending = {
      write,
      done: false,
      resolve: (r) => {
        if (!pending.done) {
          pending.done = true;
          clearTimeout(timer);
          settle(r);
        }
      },
    };
    // The acknowledgement arrives within the bound, committed or not: a client never waits on a stuck database.
    const timer = setTimeout(() => {
      if (!pending.done) {
        this.noteTimeout();
        pending.resolve(this.unavailable(write));
      }
    }, this.settings.SESSIONS_SAVE_TIMEOUT_MS);
    timer.unref();
    this.queue.push(pending);
    let set = this.pendingByAttempt.get(write.attemptId);
    if (!set) {
      set = new Set();
      this.pendingByAttempt.set(write.attemptId, set);
    }
    set.add(p);
    void p.then(() => {
      set.delete(p);
      if (set.size === 0 && this.pendingByAttempt.get(write.attemptId) === set) {
        this.pendingByAttempt.delete(write.attemptId);
      }
    });
    if (this.queue.length >= this.settings.SESSIONS_ANSWER_BATCH_MAX) {
      this.kick();
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.kick(), this.settings.SESSIONS_ANSWER_BATCH_MS);
    }
    return p;
  }

  /** Resolves when every write of the attempt received so far has been committed or refused. */
  private noteTimeout(): void {
    this.timeouts++;
    this.timeoutLog ??= setTimeout(() => {
      this.log.warn(
        {
          event: 'answers.save-timeout',
          count: this.timeouts,
          boundMs: this.settings.SESSIONS_SAVE_TIMEOUT_MS,
        },
        'answer saves not committed in time, answered as unavailable',
      );
      this.timeouts = 0;
      this.timeoutLog = null;
    }, 1000);
    this.timeoutLog.unref();
  }

  private unavailable(write: AnswerWrite): AnswerWriteResult {
    return {
      ok: false,
      questionId: write.questionId,
      code: 'unavailable',
      deadline: null,
      retryAfterMs: 1000,
    };
  }

  async settled(attemptId: number): Promise<void> {
    const set = this.pendingByAttempt.get(attemptId);
    if (set && set.size > 0) {
      await Promise.all([...set]);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    this.kick();
    while (this.inFlight > 0 || this.queue.length > 0) {
      await new Promise((r) => setTimeout(r, 5));
      this.kick();
    }
  }

  private kick(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    // Writes already answered by their timeout are not committed late: their clients resend them.
    this.queue = this.queue.filter((p) => !p.done);
    while (this.queue.length > 0 && this.inFlight < this.maxFlushes) {
      const batch = this.queue.splice(0, this.settings.SESSIONS_ANSWER_BATCH_MAX);
      this.inFlight++;
      void this.flush(batch).finally(() => {
        this.inFlight--;
        if (this.queue.length > 0) {
          // Writes that queued while this batch committed form the next batch at once (group commit).
          this.kick();
        }
      });
    }
  }

  private async flush(batch: Pending[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const bound = await this.boundPrefix();
        const { rows, stored } = await inTransaction(this.ds, (m) => this.commit(m, batch, bound));
        this.settle(batch, rows, stored);
        return;
      } catch (err) {
        // A deadlock is retried at once; a timed-out wait is not (its writes are answered by their timeout).
        if (attempt < 4 && isRetryableLockError(err) && !isTimeoutError(err) && batch.some((p) => !p.done)) {
          continue;
        }
        this.log.error(
          {
            err,
            writes: batch.length,
            event: isTimeoutError(err) ? 'answers.lock-timeout' : 'answers.failed',
          },
          'answer batch failed',
        );
        for (const p of batch) {
          p.resolve(this.unavailable(p.write));
        }
        return;
      }
    }
  }

  /**
   * On MariaDB, `SET STATEMENT … FOR` bounds one statement's lock waits and run time without touching the
   * pooled connection's session; the lock wait is set shorter than the acknowledgement's bound so that the
   * database gives up first. MySQL has no such prefix: there the acknowledgement's timeout alone applies.
   */
  private async boundPrefix(): Promise<string> {
    if (this.bound !== null) {
      return this.bound;
    }
    if (isSqlite(this.ds)) {
      this.bound = '';
      return '';
    }
    const rows: Array<{ v: string }> = await this.ds.query('SELECT VERSION() AS v');
    const ms = this.settings.SESSIONS_SAVE_TIMEOUT_MS;
    const lockWait = Math.max(1, Math.floor(ms / 1000) - 1);
    this.bound = /mariadb/i.test(String(rows[0]?.v))
      ? `SET STATEMENT innodb_lock_wait_timeout = ${lockWait}, lock_wait_timeout = ${lockWait}, max_statement_time = ${(ms / 1000).toFixed(3)} FOR `
      : '';
    return this.bound;
  }

  private async commit(
    m: EntityManager,
    batch: Pending[],
    bound: string,
  ): Promise<{ rows: Map<number, AttemptRow>; stored: Map<string, number> }> {
    const sqlite = isSqlite(m);
    const attemptIds = [...new Set(batch.map((p) => p.write.attemptId))].sort((a, b) => a - b);
    // The shared lock makes a concurrent submit (which locks the row for update) wait for this commit, or this
    // batch wait for the submit and then see it: no answer lands in an attempt after it was submitted.
    const raw: Array<Record<string, unknown>> = await m.query(
      `${bound}SELECT id, sitting_id, sitting_candidate_id, status, deadline FROM attempts
        WHERE id IN (${placeholders(attemptIds.length)})${sqlite ? '' : ' LOCK IN SHARE MODE'}`,
      attemptIds,
    );
    // The login epoch is read without a lock: only the attempts are locked, so that this batch never holds a
    // candidate row that a proctor's action (candidate, then attempt) may be waiting for.
    const candidateIds = [...new Set(raw.map((r) => Number(r.sitting_candidate_id)))];
    const epochs = new Map<number, number>();
    if (candidateIds.length > 0) {
      const cs: Array<Record<string, unknown>> = await m.query(
        `${bound}SELECT id, login_epoch FROM sitting_candidates WHERE id IN (${placeholders(candidateIds.length)})`,
        candidateIds,
      );
      for (const c of cs) {
        epochs.set(Number(c.id), Number(c.login_epoch));
      }
    }
    const rows = new Map<number, AttemptRow>();
    for (const r of raw) {
      rows.set(Number(r.id), {
        id: Number(r.id),
        sittingId: Number(r.sitting_id),
        sittingCandidateId: Number(r.sitting_candidate_id),
        status: r.status as AttemptStatus,
        deadline: timeValue(r.deadline as Date | string),
        loginEpoch: epochs.get(Number(r.sitting_candidate_id)) ?? -1,
      });
    }
    // Of several writes to one question in the batch, only the highest revision needs writing.
    const best = new Map<string, AnswerWrite>();
    // Refused because the attempt is closed: a resend of what was stored in time is still answered "stored".
    const closed: AnswerWrite[] = [];
    for (const { write } of batch) {
      const refusal = writeRefusal(rows.get(write.attemptId) ?? null, write.epoch, write.receivedAt);
      if (refusal !== null) {
        if (CLOSED_REFUSALS.has(refusal)) {
          closed.push(write);
        }
        continue;
      }
      const key = `${write.attemptId}:${write.questionId}`;
      const prev = best.get(key);
      if (!prev || write.revision > prev.revision) {
        best.set(key, write);
      }
    }
    const stored = new Map<string, number>();
    if (best.size === 0) {
      await this.readStored(m, closed, stored, bound);
      return { rows, stored };
    }
    // A fixed order of rows keeps concurrent batches from deadlocking on the unique index.
    const writes = [...best.values()].sort(
      (a, b) => a.attemptId - b.attemptId || a.questionId - b.questionId,
    );
    const now = this.clock.now();
    const params: unknown[] = [];
    for (const w of writes) {
      params.push(w.attemptId, w.questionId, JSON.stringify(w.response), w.revision, timeParam(m, now));
    }
    const values = writes.map(() => '(?, ?, ?, ?, ?)').join(', ');
    if (sqlite) {
      await m.query(
        `INSERT INTO answers (attempt_id, question_id, response, revision, saved_at) VALUES ${values}
         ON CONFLICT (attempt_id, question_id) DO UPDATE SET
           response = excluded.response, revision = excluded.revision, saved_at = excluded.saved_at
         WHERE excluded.revision > answers.revision`,
        params,
      );
    } else {
      // Assignments run left to right: revision must change last, after the comparisons that read it.
      await m.query(
        `${bound}INSERT INTO answers (attempt_id, question_id, response, revision, saved_at) VALUES ${values}
         ON DUPLICATE KEY UPDATE
           response = IF(VALUES(revision) > revision, VALUES(response), response),
           saved_at = IF(VALUES(revision) > revision, VALUES(saved_at), saved_at),
           revision = GREATEST(revision, VALUES(revision))`,
        params,
      );
    }
    await this.readStored(m, [...writes, ...closed], stored, bound);
    return { rows, stored };
  }

  /** The stored revision of each (attempt, question) of these writes, into `stored`. */
  private async readStored(
    m: EntityManager,
    writes: AnswerWrite[],
    stored: Map<string, number>,
    bound: string,
  ): Promise<void> {
    if (writes.length === 0) {
      return;
    }
    const ids = [...new Set(writes.map((w) => w.attemptId))];
    const qids = [...new Set(writes.map((w) => w.questionId))];
    const back: Array<Record<string, unknown>> = await m.query(
      `${bound}SELECT attempt_id, question_id, revision FROM answers
        WHERE attempt_id IN (${placeholders(ids.length)}) AND question_id IN (${placeholders(qids.length)})`,
      [...ids, ...qids],
    );
    for (const b of back) {
      stored.set(`${Number(b.attempt_id)}:${Number(b.question_id)}`, Number(b.revision));
    }
  }

  private settle(batch: Pending[], rows: Map<number, AttemptRow>, stored: Map<string, number>): void {
    const changed: AnswersSavedEvent = { bySitting: new Map() };
    for (const { write, resolve } of batch) {
      const row = rows.get(write.attemptId) ?? null;
      const refusal = writeRefusal(row, write.epoch, write.receivedAt);
      const key = `${write.attemptId}:${write.questionId}`;
      const kept = stored.get(key);
      if (
        row &&
        refusal !== null &&
        CLOSED_REFUSALS.has(refusal) &&
        kept !== undefined &&
        kept >= write.revision
      ) {
        // A resend of an answer stored in time (its acknowledgement was lost): it is stored, say so.
        resolve({ ok: true, questionId: write.questionId, revision: kept, deadline: row.deadline });
        continue;
      }
      if (refusal !== null || !row) {
        resolve({
          ok: false,
          questionId: write.questionId,
          code: refusal ?? 'not-started',
          deadline: row?.deadline ?? null,
        });
        continue;
      }
      const revision = kept ?? write.revision;
      resolve({ ok: true, questionId: write.questionId, revision, deadline: row.deadline });
      let byCandidate = changed.bySitting.get(row.sittingId);
      if (!byCandidate) {
        byCandidate = new Map();
        changed.bySitting.set(row.sittingId, byCandidate);
      }
      byCandidate.set(row.sittingCandidateId, row.id);
    }
    if (changed.bySitting.size > 0) {
      this.emitter.emit(SessionEvents.answersSaved, changed);
    }
  }
}
