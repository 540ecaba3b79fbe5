import {
  HttpException,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  ServiceUnavailableException,
} from '@nestjs/common';
import { hostname } from 'node:os';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { Actor } from '../common/actor';
import { DomainError } from '../common/domain-error';
import { maskIdNumber } from '../roster/mask';
import { Attempt } from '../sessions/attempt.entity';
import { AttemptsService } from '../sessions/attempts.service';
import { candidateState, candidateStateName } from '../sessions/candidate-state';
import { CandidatePresence } from '../sessions/candidate-presence';
import { DbClock } from '../sessions/db-clock';
import { OVERDUE_AFTER_MS } from '../sessions/deadline-sweeper';
import { PaperCache } from '../sessions/paper-cache';
import {
  AnswersSavedEvent,
  CandidateChangedEvent,
  CandidateConnectionEvent,
  SessionEvents,
} from '../sessions/session-events';
import { SESSIONS_SETTINGS } from '../sessions/sessions.tokens';
import type { SessionsSettings } from '../sessions/sessions.settings';
import { SittingCandidate } from '../sessions/sitting-candidate.entity';
import { Sitting } from '../sessions/sitting.entity';
import { SittingsService } from '../sessions/sittings.service';
import { eventKindName } from './event-kinds';
import type { LiveCandidateRow, LiveEvent, LiveSnapshot } from './live-row';
import { ProctoringEvent } from './proctoring-event.entity';
import {
  ProctoringEvents,
  ProctoringEventsRecordedEvent,
  ProctoringEventsService,
} from './proctoring-events.service';

export const LiveViewEvents = {
  /** Changed rows of one sitting, ready for the proctors' sockets. */
  rows: 'proctor-view.rows',
  /** New log entries of one sitting. */
  events: 'proctor-view.events',
} as const;

export interface LiveRowsEvent {
  sittingId: number;
  /** Whole rows, or only what changed: `answeredCount` after answers, `connected` after a socket came or went. */
  rows: Array<Partial<LiveCandidateRow> & { sittingCandidateId: number }>;
}

export interface LiveEventsEvent {
  sittingId: number;
  events: LiveEvent[];
}

/** This process, as consoles name it in a clock warning. */
export const NODE_NAME = `${hostname()}:${process.pid}`;

/** How long the presence question (fetchSockets over every node) may take before the snapshot goes without. */
const PRESENCE_TIMEOUT_MS = 2500;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}

export function toLiveEvent(e: ProctoringEvent): LiveEvent {
  return {
    id: e.id,
    sittingCandidateId: e.sittingCandidateId,
    kind: e.kind,
    name: eventKindName(e.kind),
    source: e.source,
    actorId: e.actorId,
    reason: e.reason,
    details: e.details,
    at: e.at.toISOString(),
  };
}

/**
 * The proctors' live view: whole-sitting snapshots, and changed rows pushed every PROCTOR_VIEW_FLUSH_MS. The
 * node where a change happens marks the candidate; its next flush reads the rows from the database and raises
 * them for the gateway to send to the sitting's room on every node. Nothing here is state that a node alone
 * would know: a lost mark only delays a row until the next change.
 */
@Injectable()
export class LiveViewService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(LiveViewService.name);
  private dirty = new Map<number, Set<number>>();
  /** Candidates whose answers changed (and nothing else): only their answered count is sent. */
  private progress = new Map<number, Map<number, number>>();
  private timer: NodeJS.Timeout | null = null;
  private flushing = false;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly emitter: EventEmitter2,
    private readonly sittings: SittingsService,
    private readonly attempts: AttemptsService,
    private readonly events: ProctoringEventsService,
    private readonly presence: CandidatePresence,
    private readonly papers: PaperCache,
    @Inject(SESSIONS_SETTINGS) private readonly settings: SessionsSettings,
    private readonly clock: DbClock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.flush(), this.settings.PROCTOR_VIEW_FLUSH_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) {
      clearInterval(this.timer);
    }
  }

  /** Whether the actor may watch the sitting (throws NotFound/Ownership errors, or 503 when it cannot tell). */
  async checkAccess(actor: Actor, sittingId: number): Promise<void> {
    try {
      await this.sittings.sittingFor(actor, sittingId);
    } catch (err) {
      throw unavailable(err, this.log);
    }
  }

  /**
   * The whole live view of a sitting. The candidates' rows come from the database: without them there is no
   * view, and the answer is 503 with the reason (the console retries). Whatever else cannot be read (which
   * candidates are connected, asked of every node; the recent log) is left out and the snapshot is marked
   * partial with the reason, rather than failing as a whole.
   */
  async snapshot(actor: Actor, sittingId: number, accessChecked = false): Promise<LiveSnapshot> {
    if (!accessChecked) {
      await this.checkAccess(actor, sittingId);
    }
    const reasons: string[] = [];
    const [rows, connected, recent] = await Promise.all([
      this.rows(sittingId).catch((err: unknown) => {
        throw unavailable(err, this.log);
      }),
      withTimeout(this.presence.connectedInSitting(sittingId), PRESENCE_TIMEOUT_MS, 'presence').catch(
        (err: unknown) => {
          this.log.warn({ err, sittingId, event: 'live.partial' }, 'presence unavailable for the snapshot');
          reasons.push('暂时无法确认考生的在线状态（有节点未响应），在线列暂缺');
          return null;
        },
      ),
      this.events.listForSitting(sittingId, 100).catch((err: unknown) => {
        this.log.warn(
          { err, sittingId, event: 'live.partial' },
          'recent events unavailable for the snapshot',
        );
        reasons.push('暂时无法读取最近的监考记录');
        return [];
      }),
    ]);
    if (connected) {
      for (const r of rows) {
        r.connected = connected.has(r.sittingCandidateId);
      }
    }
    const overdue = rows.filter((r) => r.overdue && r.attemptId !== null).map((r) => r.attemptId!);
    if (overdue.length > 0) {
      this.log.warn({ event: 'attempts.overdue', sittingId, attemptIds: overdue.slice(0, 20) });
    }
    return {
      serverTime: this.clock.now().toISOString(),
      sittingId,
      rows,
      events: recent.map(toLiveEvent),
      partial: reasons.length > 0,
      reasons,
      clock: { ...this.clock.status(), node: NODE_NAME },
      overdue,
    };
  }

  /** The rows of a sitting (all, or the listed candidates), without `connected`. */
  async rows(sittingId: number, candidateIds?: number[]): Promise<LiveCandidateRow[]> {
    const candidates = await this.ds.getRepository(SittingCandidate).find({
      where: candidateIds ? { sittingId, id: In(candidateIds) } : { sittingId },
      order: { seat: 'ASC' },
    });
    if (candidates.length === 0) {
      return [];
    }
    const ids = candidates.map((c) => c.id);
    const attempts = await this.ds.getRepository(Attempt).find({ where: { sittingCandidateId: In(ids) } });
    const byCandidate = new Map(attempts.map((a) => [a.sittingCandidateId, a]));
    const [answered, counts, last, conn, relogin] = await Promise.all([
      this.attempts.answeredCounts(attempts.map((a) => a.id)),
      this.events.countsByCandidate(ids),
      this.events.lastByCandidate(ids),
      this.events.lastOfKinds(ids, ['connection-lost', 'connection-restored']),
      this.events.lastOfKinds(ids, ['second-login', 'admit-relogin']),
    ]);
    const rows: LiveCandidateRow[] = [];
    const overdueBefore = this.clock.now().getTime() - OVERDUE_AFTER_MS;
    for (const c of candidates) {
      const a = byCandidate.get(c.id) ?? null;
      const state = candidateState(c, a?.status ?? null);
      const eventCounts = counts.get(c.id) ?? {};
      const le = last.get(c.id);
      const lc = conn.get(c.id);
      const lr = relogin.get(c.id);
      rows.push({
        sittingCandidateId: c.id,
        seat: c.seat,
        ticketNumber: c.ticketNumber,
        name: c.name,
        maskedIdNumber: maskIdNumber(c.idNumber),
        agencyName: c.agencyName,
        discipline: c.discipline,
        state,
        stateName: candidateStateName(state),
        admittedAt: c.admittedAt ? c.admittedAt.toISOString() : null,
        disconnectedAt:
          a?.status === 'in_progress' && lc?.kind === 'connection-lost' ? lc.at.toISOString() : null,
        relogin:
          lr?.kind === 'second-login' && lr.details?.held === true && a?.status === 'in_progress'
            ? {
                requestId: lr.id,
                at: lr.at.toISOString(),
                ip: typeof lr.details.ip === 'string' ? lr.details.ip : null,
              }
            : null,
        attemptId: a?.id ?? null,
        startedAt: a ? a.startedAt.toISOString() : null,
        deadline: a ? a.deadline.toISOString() : null,
        submittedAt: a?.submittedAt ? a.submittedAt.toISOString() : null,
        submitReason: a?.submitReason ?? null,
        voidReason: a?.voidReason ?? null,
        answeredCount: a ? (answered.get(a.id) ?? 0) : 0,
        questionCount: a ? await this.papers.questionCount(a.paperId).catch(() => null) : null,
        eventCounts,
        flagged: (eventCounts.flagged ?? 0) > 0,
        overdue: a?.status === 'in_progress' && a.deadline.getTime() < overdueBefore,
        lastEvent: le
          ? {
              kind: le.kind,
              name: eventKindName(le.kind),
              source: le.source,
              at: le.at.toISOString(),
              reason: le.reason,
            }
          : null,
      });
    }
    return rows;
  }

  private mark(sittingId: number, candidateIds: Iterable<number>): void {
    let set = this.dirty.get(sittingId);
    if (!set) {
      set = new Set();
      this.dirty.set(sittingId, set);
    }
    for (const id of candidateIds) {
      set.add(id);
    }
  }

  /** Sends the rows marked since the last flush. */
  async flush(): Promise<void> {
    if (this.flushing || (this.dirty.size === 0 && this.progress.size === 0)) {
      return;
    }
    this.flushing = true;
    const batch = this.dirty;
    const progress = this.progress;
    this.dirty = new Map();
    this.progress = new Map();
    try {
      for (const [sittingId, ids] of batch) {
        const rows = await this.rows(sittingId, [...ids]);
        if (rows.length > 0) {
          const e: LiveRowsEvent = { sittingId, rows };
          this.emitter.emit(LiveViewEvents.rows, e);
        }
      }
      for (const [sittingId, attempts] of progress) {
        const whole = batch.get(sittingId);
        const left = [...attempts].filter(([cid]) => !whole?.has(cid));
        if (left.length === 0) {
          continue;
        }
        const counts = await this.attempts.answeredCounts(left.map(([, aid]) => aid));
        const e: LiveRowsEvent = {
          sittingId,
          rows: left.map(([cid, aid]) => ({ sittingCandidateId: cid, answeredCount: counts.get(aid) ?? 0 })),
        };
        this.emitter.emit(LiveViewEvents.rows, e);
      }
    } catch (err) {
      // A failed read is retried with the next change of these candidates.
      this.log.warn({ err }, 'live view flush failed');
    } finally {
      this.flushing = false;
    }
  }

  @OnEvent(SessionEvents.answersSaved)
  onAnswers(e: AnswersSavedEvent): void {
    for (const [sittingId, attempts] of e.bySitting) {
      let m = this.progress.get(sittingId);
      if (!m) {
        m = new Map();
        this.progress.set(sittingId, m);
      }
      for (const [cid, aid] of attempts) {
        m.set(cid, aid);
      }
    }
  }

  @OnEvent(SessionEvents.attemptStarted)
  @OnEvent(SessionEvents.attemptSubmitted)
  @OnEvent(SessionEvents.attemptVoided)
  @OnEvent(SessionEvents.attemptReopened)
  @OnEvent(SessionEvents.deadlineChanged)
  onAttempt(e: { sittingId: number; sittingCandidateId: number }): void {
    this.mark(e.sittingId, [e.sittingCandidateId]);
  }

  @OnEvent(SessionEvents.candidateChanged)
  @OnEvent(SessionEvents.candidateAdmitted)
  onCandidates(e: CandidateChangedEvent): void {
    this.mark(e.sittingId, e.sittingCandidateIds);
  }

  @OnEvent(ProctoringEvents.recorded)
  onRecorded(e: ProctoringEventsRecordedEvent): void {
    this.mark(e.sittingId, [e.sittingCandidateId]);
    const out: LiveEventsEvent = { sittingId: e.sittingId, events: e.events.map(toLiveEvent) };
    this.emitter.emit(LiveViewEvents.events, out);
  }

  /**
   * A socket came or went: ask every node whether the candidate still has one, and say so at once. While the
   * attempt is in progress the server's own view is logged: the last socket gone ('connection-lost', with the
   * time the console shows as 连接中断) and one back ('connection-restored').
   */
  @OnEvent(SessionEvents.candidateConnection)
  async onConnection(e: CandidateConnectionEvent): Promise<void> {
    const connected = await this.presence.isConnected(e.sittingCandidateId).catch(() => null);
    if (connected === null) {
      return;
    }
    let disconnectedAt: string | null = null;
    try {
      disconnectedAt = await this.noteConnection(e, connected);
    } catch (err) {
      // The row still says whether the candidate is connected; only the logged time is missing.
      this.log.warn({ err, candidateId: e.sittingCandidateId }, 'could not log the connection change');
    }
    const out: LiveRowsEvent = {
      sittingId: e.sittingId,
      rows: [{ sittingCandidateId: e.sittingCandidateId, connected, disconnectedAt }],
    };
    this.emitter.emit(LiveViewEvents.rows, out);
  }

  /** Logs a connection change of a candidate in progress; returns since when they are disconnected, or null. */
  private async noteConnection(e: CandidateConnectionEvent, connected: boolean): Promise<string | null> {
    const attempt = await this.ds.getRepository(Attempt).findOne({
      where: { sittingCandidateId: e.sittingCandidateId },
      select: { id: true, status: true },
    });
    if (attempt?.status !== 'in_progress') {
      return null;
    }
    const last = (
      await this.events.lastOfKinds([e.sittingCandidateId], ['connection-lost', 'connection-restored'])
    ).get(e.sittingCandidateId);
    const lost = last?.kind === 'connection-lost';
    if (connected && !lost) {
      return null;
    }
    if (!connected && lost) {
      return last.at.toISOString();
    }
    const sitting = await this.ds.getRepository(Sitting).findOneOrFail({ where: { id: e.sittingId } });
    const at = this.clock.now();
    await this.events.record(
      {
        sittingId: e.sittingId,
        sittingCandidateId: e.sittingCandidateId,
        attemptId: attempt.id,
        kind: connected ? 'connection-restored' : 'connection-lost',
        source: 'system',
        details: {
          ...(e.device ? { device: e.device } : {}),
          ...(connected ? { lostAt: last!.at.toISOString() } : {}),
        },
      },
      sitting.proctoring,
      at,
    );
    if (!connected) {
      // A socket may have come back (on another node) while this was written: then it is restored at once.
      if (await this.presence.isConnected(e.sittingCandidateId).catch(() => false)) {
        await this.noteConnection(e, true);
        return null;
      }
      return at.toISOString();
    }
    return null;
  }
}

/** A failure to build the view as the console should get it: access errors as they are, anything else 503. */
function unavailable(err: unknown, log: Logger): Error {
  if (err instanceof DomainError || err instanceof HttpException) {
    return err;
  }
  log.warn({ err, event: 'live.unavailable' }, 'live view unavailable');
  return new ServiceUnavailableException({
    code: 'live-unavailable',
    message: '实时视图暂时无法生成（数据库无响应），请稍后重试',
    reason: err instanceof Error ? err.message : String(err),
  });
}
