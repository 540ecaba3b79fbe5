import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { Actor } from '../common/actor';
import { maskIdNumber } from '../roster/mask';
import { Attempt } from '../sessions/attempt.entity';
import { AttemptsService } from '../sessions/attempts.service';
import { candidateState, candidateStateName } from '../sessions/candidate-state';
import { CandidatePresence } from '../sessions/candidate-presence';
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

  async snapshot(actor: Actor, sittingId: number): Promise<LiveSnapshot> {
    await this.sittings.sittingFor(actor, sittingId);
    const [rows, connected, recent] = await Promise.all([
      this.rows(sittingId),
      this.presence.connectedInSitting(sittingId),
      this.events.listForSitting(sittingId, 100),
    ]);
    for (const r of rows) {
      r.connected = connected.has(r.sittingCandidateId);
    }
    return { serverTime: new Date().toISOString(), sittingId, rows, events: recent.map(toLiveEvent) };
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
    const [answered, counts, last] = await Promise.all([
      this.attempts.answeredCounts(attempts.map((a) => a.id)),
      this.events.countsByCandidate(ids),
      this.events.lastByCandidate(ids),
    ]);
    const rows: LiveCandidateRow[] = [];
    for (const c of candidates) {
      const a = byCandidate.get(c.id) ?? null;
      const state = candidateState(c, a?.status ?? null);
      const eventCounts = counts.get(c.id) ?? {};
      const le = last.get(c.id);
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

  /** A socket came or went: ask every node whether the candidate still has one, and say so at once. */
  @OnEvent(SessionEvents.candidateConnection)
  async onConnection(e: CandidateConnectionEvent): Promise<void> {
    const connected = await this.presence.isConnected(e.sittingCandidateId).catch(() => null);
    if (connected === null) {
      return;
    }
    const out: LiveRowsEvent = {
      sittingId: e.sittingId,
      rows: [{ sittingCandidateId: e.sittingCandidateId, connected }],
    };
    this.emitter.emit(LiveViewEvents.rows, out);
  }
}
