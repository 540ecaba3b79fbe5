import { HttpException, Inject, Logger } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import {
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { DomainError } from '../common/domain-error';
import { checkMessage } from '../common/socket-message';
import { AnswersService, AttemptRef } from './answers.service';
import { AttemptsService, CandidateSession } from './attempts.service';
import { CandidateAuthService, RELOGIN_HOLD_MESSAGE, VerifiedCandidate } from './candidate-auth.service';
import { CandidatePresence } from './candidate-presence';
import { DbClock } from './db-clock';
import { SocketSaveAnswerDto } from './dto/exam-socket.dto';
import type {
  ClockFields,
  ExamClientToServerEvents,
  ExamInterServerEvents,
  ExamReply,
  ExamServerToClientEvents,
  ExamSocketData,
  ExamState,
} from './exam-socket.types';
import { ReportsService } from './reports.service';
import {
  AttemptReopenedEvent,
  AttemptSubmittedEvent,
  AttemptVoidedEvent,
  CandidateChangedEvent,
  CandidateConnectionEvent,
  CandidateReloginAdmittedEvent,
  CandidateTakenOverEvent,
  CandidateWarnedEvent,
  DeadlineChangedEvent,
  SessionEvents,
} from './session-events';
import { SESSIONS_SETTINGS } from './sessions.tokens';
import type { SessionsSettings } from './sessions.settings';

export type ExamNamespace = Namespace<
  ExamClientToServerEvents,
  ExamServerToClientEvents,
  ExamInterServerEvents,
  ExamSocketData
>;
export type ExamSocket = Socket<
  ExamClientToServerEvents,
  ExamServerToClientEvents,
  ExamInterServerEvents,
  ExamSocketData
>;

/** An error as the candidate sees it: domain and HTTP errors keep their code and message, others are hidden. */
function describe(err: unknown): { code: string; message: string } {
  if (err instanceof DomainError) {
    return { code: err.code, message: err.message };
  }
  if (err instanceof HttpException) {
    const r = err.getResponse();
    if (typeof r === 'object' && r !== null) {
      const o = r as { code?: string; message?: string | string[] };
      return {
        code: o.code ?? `http-${err.getStatus()}`,
        message: Array.isArray(o.message) ? o.message.join('；') : (o.message ?? err.message),
      };
    }
    return { code: `http-${err.getStatus()}`, message: String(r) };
  }
  return { code: 'unavailable', message: '服务器暂时不可用，请稍后重试' };
}

/**
 * The candidate's socket (namespace /exam). handleConnection authenticates with the token of the handshake
 * (`auth: { token }`) or emits `exam.error` and disconnects. Message handlers are bound at once and wait for
 * the authentication, so nothing sent early is lost. Domain events are relayed to the room `candidate:<id>`,
 * which the Redis adapter spans over every node.
 */
@WebSocketGateway({ namespace: '/exam' })
export class SessionsGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly log = new Logger(SessionsGateway.name);
  @WebSocketServer() private ns!: ExamNamespace;
  private readonly sessions = new WeakMap<ExamSocket, Promise<CandidateSession | null>>();
  /** Sockets of sign-ins waiting for the proctor (再次入场): they get the waiting state and nothing else. */
  private readonly pending = new WeakSet<ExamSocket>();
  /** The attempt a socket writes to, remembered between its messages (rebuilt from the database on connect). */
  private readonly refs = new WeakMap<ExamSocket, AttemptRef>();

  constructor(
    private readonly auth: CandidateAuthService,
    private readonly attempts: AttemptsService,
    private readonly answers: AnswersService,
    private readonly reports: ReportsService,
    private readonly presence: CandidatePresence,
    private readonly emitter: EventEmitter2,
    @Inject(SESSIONS_SETTINGS) private readonly settings: SessionsSettings,
    private readonly dbClock: DbClock,
  ) {}

  /** The clock fields of every message: the database's time (DbClock), which all nodes share. */
  private clock(deadline: Date | string | null = null): ClockFields {
    return {
      serverTime: this.dbClock.now().toISOString(),
      deadline: deadline === null ? null : typeof deadline === 'string' ? deadline : deadline.toISOString(),
    };
  }

  afterInit(ns: ExamNamespace): void {
    this.presence.attach(ns);
    ns.on('candidate.taken-over', (m) => this.dropOlderLogins(m.sittingCandidateId, m.epoch, m.message));
  }

  handleConnection(socket: ExamSocket): void {
    const session = this.authenticate(socket);
    this.sessions.set(socket, session);
    socket.on('answer.save', (m, ack) => {
      // Received now by the database's clock: the deadline is judged against the arrival, not the commit.
      const receivedAt = this.dbClock.now();
      void this.withSession(socket, ack, async (s) => {
        const checked = checkMessage(SocketSaveAnswerDto, m);
        if (!checked.ok) {
          const questionId = (m as { questionId?: unknown } | null)?.questionId;
          return {
            ok: false as const,
            questionId: Number.isInteger(questionId) ? (questionId as number) : null,
            code: 'invalid-response' as const,
            message: checked.message,
            ...this.clock(),
          };
        }
        return this.answers.save(s, this.refs.get(socket) ?? null, checked.value, receivedAt);
      });
    });
    socket.on('exam.sync', (ack) => {
      void this.syncPending(socket, ack).then((handled) => {
        if (!handled) {
          void this.withSession(socket, ack, async (s) =>
            this.reply(socket, await this.attempts.examState(s)),
          );
        }
      });
    });
    socket.on('exam.start', (ack) => {
      void this.withSession(socket, ack, async (s) => this.reply(socket, await this.attempts.start(s)));
    });
    socket.on('exam.submit', (ack) => {
      void this.withSession(socket, ack, async (s) => this.reply(socket, await this.attempts.submitOwn(s)));
    });
    socket.on('proctoring.report', (m, ack) => {
      void this.withSession(socket, ack, (s) => this.reports.report(s, m));
    });
  }

  handleDisconnect(socket: ExamSocket): void {
    const data = socket.data as Partial<ExamSocketData>;
    if (data.candidateId && data.sittingId && data.reloginRequestId === undefined) {
      const e: CandidateConnectionEvent = {
        sittingId: data.sittingId,
        sittingCandidateId: data.candidateId,
        device: data.device ?? null,
      };
      this.emitter.emit(SessionEvents.candidateConnection, e);
    }
  }

  /** `exam.sync` of a waiting sign-in: its waiting state (true), or false for a current login. */
  private async syncPending(socket: ExamSocket, ack: ((r: ExamReply) => void) | undefined): Promise<boolean> {
    await this.sessions.get(socket);
    if (!this.pending.has(socket)) {
      return false;
    }
    const reply = typeof ack === 'function' ? ack : () => undefined;
    try {
      const state = await this.auth.pendingStateOf(socket.data.candidateId);
      reply({ ok: true, state, serverTime: state.serverTime, deadline: null });
    } catch (err) {
      reply({ ok: false, ...describe(err), ...this.clock() });
    }
    return true;
  }

  /**
   * A sign-in waiting for the proctor: joins only its request's room, gets the waiting state, and is given
   * its token at once if the proctor admitted it while it was away.
   */
  private async authenticatePending(
    socket: ExamSocket,
    v: Extract<VerifiedCandidate, { kind: 'pending' }>,
  ): Promise<null> {
    socket.data = {
      candidateId: v.candidateId,
      sittingId: v.sittingId,
      epoch: -1,
      device: v.device,
      reloginRequestId: v.requestId,
    };
    this.pending.add(socket);
    await socket.join(`relogin:${v.requestId}`);
    if (v.admittedEpoch !== null) {
      await this.sendReadmitted(socket, v.candidateId, v.admittedEpoch, v.device);
      return null;
    }
    socket.emit('exam.state', await this.auth.pendingStateOf(v.candidateId));
    return null;
  }

  private async sendReadmitted(
    to: { emit: ExamSocket['emit'] },
    candidateId: number,
    epoch: number,
    device: string | null,
  ): Promise<void> {
    const t = await this.auth.tokenFor(candidateId, epoch, device);
    to.emit('session.readmitted', {
      ...this.clock(),
      ...t,
      message: '监考员已准许再次入场，正在恢复您的答卷',
    });
  }

  private async authenticate(socket: ExamSocket): Promise<CandidateSession | null> {
    try {
      const v = await this.auth.verify((socket.handshake.auth as { token?: unknown } | undefined)?.token);
      if (v.kind === 'pending') {
        return await this.authenticatePending(socket, v);
      }
      const s = v.session;
      socket.data = { candidateId: s.candidateId, sittingId: s.sittingId, epoch: s.epoch, device: v.device };
      await socket.join([`candidate:${s.candidateId}`, `sitting:${s.sittingId}`]);
      const { state, attempt } = await this.attempts.examStateAndAttempt(s);
      if (attempt) {
        this.refs.set(socket, { attemptId: attempt.id, paperId: attempt.paperId });
      }
      socket.emit('exam.state', state);
      const e: CandidateConnectionEvent = {
        sittingId: s.sittingId,
        sittingCandidateId: s.candidateId,
        device: v.device,
      };
      this.emitter.emit(SessionEvents.candidateConnection, e);
      return s;
    } catch (err) {
      socket.emit('exam.error', { ...this.clock(), ...describe(err) });
      socket.disconnect(true);
      return null;
    }
  }

  /** Runs a handler once the socket is authenticated and acknowledges with its result or the error. */
  private async withSession<T>(
    socket: ExamSocket,
    ack: ((r: T) => void) | undefined,
    work: (s: CandidateSession) => Promise<T>,
  ): Promise<void> {
    const reply = typeof ack === 'function' ? ack : () => undefined;
    const session = await this.sessions.get(socket);
    if (!session) {
      (reply as (r: unknown) => void)(
        this.pending.has(socket)
          ? { ok: false, code: 'relogin-pending', message: RELOGIN_HOLD_MESSAGE, ...this.clock() }
          : { ok: false, code: 'unauthenticated', message: '请先登录', ...this.clock() },
      );
      return;
    }
    try {
      reply(await work(session));
    } catch (err) {
      const d = describe(err);
      if (d.code === 'unavailable') {
        this.log.error({ err }, 'candidate message failed');
      }
      (reply as (r: unknown) => void)({ ok: false, ...d, ...this.clock() });
    }
  }

  private reply(socket: ExamSocket, state: ExamState): ExamReply {
    if (state.attempt && state.paper && !this.refs.has(socket)) {
      this.refs.set(socket, { attemptId: state.attempt.id, paperId: state.paper.paperId });
    }
    return { ok: true, state, serverTime: state.serverTime, deadline: state.deadline };
  }

  private room(sittingCandidateId: number) {
    return this.ns.to(`candidate:${sittingCandidateId}`);
  }

  /**
   * Tells the sockets of older logins on this node that they were taken over, then drops them. Sockets of
   * sign-ins still waiting for the proctor are left alone: they hold no login yet.
   */
  private dropOlderLogins(sittingCandidateId: number, epoch: number, message?: string): void {
    for (const socket of this.ns.sockets.values()) {
      const d = socket.data as Partial<ExamSocketData>;
      if (
        d.candidateId === sittingCandidateId &&
        d.reloginRequestId === undefined &&
        (d.epoch ?? 0) < epoch
      ) {
        socket.emit('session.taken-over', {
          ...this.clock(),
          message: message ?? '您的账号已在其他设备登录，本设备已退出。如非本人操作，请立即报告监考员。',
        });
        socket.disconnect(true);
      }
    }
  }

  @OnEvent(SessionEvents.candidateTakenOver)
  onTakenOver(e: CandidateTakenOverEvent): void {
    this.dropOlderLogins(e.sittingCandidateId, e.epoch, e.message);
    if (this.settings.REDIS_URL) {
      this.ns.serverSideEmit('candidate.taken-over', {
        sittingCandidateId: e.sittingCandidateId,
        epoch: e.epoch,
        message: e.message,
      });
    }
  }

  /** The proctor admitted a waiting sign-in: its sockets (on any node) get the token of the login it owns. */
  @OnEvent(SessionEvents.candidateReloginAdmitted)
  async onReloginAdmitted(e: CandidateReloginAdmittedEvent): Promise<void> {
    const sockets = await this.ns.in(`relogin:${e.requestId}`).fetchSockets();
    for (const socket of sockets) {
      try {
        await this.sendReadmitted(socket, e.sittingCandidateId, e.epoch, socket.data.device ?? null);
      } catch (err) {
        this.log.warn({ err, candidateId: e.sittingCandidateId }, 'could not hand over the readmitted login');
      }
    }
  }

  @OnEvent(SessionEvents.attemptSubmitted)
  onSubmitted(e: AttemptSubmittedEvent): void {
    const message =
      e.reason === 'deadline'
        ? '作答时间已到，答卷已自动提交'
        : e.reason === 'proctor'
          ? '监考员已收卷'
          : '答卷已提交';
    this.room(e.sittingCandidateId).emit('exam.submitted', {
      ...this.clock(e.submittedAt),
      reason: e.reason,
      message,
    });
  }

  @OnEvent(SessionEvents.attemptVoided)
  onVoided(e: AttemptVoidedEvent): void {
    this.room(e.sittingCandidateId).emit('exam.voided', {
      ...this.clock(e.voidedAt),
      reason: e.reason,
      message: `您的答卷已被监考员作废：${e.reason}`,
    });
  }

  @OnEvent(SessionEvents.deadlineChanged)
  onDeadline(e: DeadlineChangedEvent): void {
    this.room(e.sittingCandidateId).emit('exam.deadline', {
      ...this.clock(e.deadline),
      reason: '监考员调整了答题时间',
    });
  }

  @OnEvent(SessionEvents.attemptReopened)
  async onReopened(e: AttemptReopenedEvent): Promise<void> {
    await this.pushState(e.sittingId, [e.sittingCandidateId]);
  }

  @OnEvent(SessionEvents.candidateAdmitted)
  async onAdmitted(e: CandidateChangedEvent): Promise<void> {
    await this.pushState(e.sittingId, e.sittingCandidateIds);
  }

  @OnEvent(SessionEvents.candidateWarned)
  onWarned(e: CandidateWarnedEvent): void {
    this.room(e.sittingCandidateId).emit('exam.warning', {
      ...this.clock(e.deadline),
      message: e.message,
      source: e.source,
    });
  }

  /** Sends a fresh state to each connected socket of these candidates, on whichever node it is. */
  private async pushState(sittingId: number, candidateIds: number[]): Promise<void> {
    const wanted = new Set(candidateIds);
    const sockets = await this.ns.in(`sitting:${sittingId}`).fetchSockets();
    for (const s of sockets) {
      if (!wanted.has(s.data.candidateId) || s.data.reloginRequestId !== undefined) {
        continue;
      }
      try {
        const state = await this.attempts.examState({
          candidateId: s.data.candidateId,
          sittingId: s.data.sittingId,
          epoch: s.data.epoch,
        });
        s.emit('exam.state', state);
      } catch (err) {
        this.log.warn({ err, candidateId: s.data.candidateId }, 'could not push the exam state');
      }
    }
  }
}
